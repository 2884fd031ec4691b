import { buildPrompt, summaryFromFinalText } from '../../src/agent/prompt.js';
import { lastNonEmptyLine } from '../../src/agent/completion.js';
import type { Prd, UserStory } from '../../src/prd/types.js';

const story: UserStory = {
  id: 'US-002', title: 'Add subtract', description: 'As a user I can subtract numbers.', acceptanceCriteria: ['subtract(3, 1) === 2', 'Typecheck passes'],
  priority: 2, passes: false, targetFiles: ['src/math.ts'],
};
const prd: Prd = { project: 'calc', branchName: 'ralph/calc', description: 'A tiny calculator', userStories: [story] };

describe('buildPrompt', () => {
  const base = { prd, story, prdPath: 'prd.json', progressPath: 'progress.txt', iteration: 2, maxIterations: 5 };

  it('describes the story, the rules and the exact marker', () => {
    const prompt = buildPrompt(base);
    expect(prompt).toContain('Story ID: US-002');
    expect(prompt).toContain('Story title: Add subtract');
    expect(prompt).toContain('Iteration: 2 of 5');
    expect(prompt).toContain('- subtract(3, 1) === 2');
    expect(prompt).toContain('- src/math.ts');
    expect(prompt).toContain('Do not edit prd.json or progress.txt');
    expect(prompt).toMatch(/Committing is optional/);
    expect(prompt).toMatch(/current directory/);
    expect(prompt.split('\n')).toContain('<promise>COMPLETE</promise>');
    // The marker must never be the prompt's own last line, or an echoing agent would look done.
    expect(lastNonEmptyLine(prompt)).not.toBe('<promise>COMPLETE</promise>');
    expect(prompt).not.toContain('Merge conflict');
    expect(prompt).not.toContain('quality checks\n');
  });

  it('includes gate failure, conflict summary and extra instructions when given', () => {
    const prompt = buildPrompt({ ...base, gateFailure: 'Quality gate `npm test` exited with code 1.', conflictSummary: 'src/math.ts: both changed add()', extraInstructions: 'Use tabs.' });
    expect(prompt).toContain('failed the quality checks');
    expect(prompt).toContain('Quality gate `npm test` exited with code 1.');
    expect(prompt).toContain('## Merge conflict from the previous attempt');
    expect(prompt).toContain('src/math.ts: both changed add()');
    expect(prompt).toContain('## Additional instructions\nUse tabs.');
  });
});

describe('summaryFromFinalText', () => {
  it('strips the marker line', () => {
    expect(summaryFromFinalText('Added subtract().\n\n<promise>COMPLETE</promise>\n')).toBe('Added subtract().');
  });
});
