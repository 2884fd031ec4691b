import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendProgress, formatProgressEntry, type ProgressEntry } from '../../src/prd/progress.js';
import { useTempDir } from './temp-dir.js';

const tempDir = useTempDir('ralph-progress-');

function entry(storyId: string, extra: Partial<ProgressEntry> = {}): ProgressEntry {
  return {
    storyId,
    title: `Title of ${storyId}`,
    date: new Date('2026-11-25T10:00:00.000Z'),
    summary: `Implemented ${storyId}`,
    filesChanged: ['src/a.ts'],
    ...extra,
  };
}

describe('formatProgressEntry', () => {
  it('writes a Ralph-style block', () => {
    const text = formatProgressEntry(
      entry('US-001', {
        summary: 'Added the parser\n- handles comments\n\n',
        filesChanged: ['src/a.ts', 'test/a.test.ts'],
        learnings: 'Use execa arrays\n* keep files small',
      }),
    );
    expect(text).toBe(
      [
        '## 2026-11-25T10:00:00.000Z - US-001: Title of US-001',
        '- Added the parser',
        '- handles comments',
        '- Files changed:',
        '  - src/a.ts',
        '  - test/a.test.ts',
        '- **Learnings for future iterations:**',
        '  - Use execa arrays',
        '  * keep files small',
        '---',
        '',
      ].join('\n'),
    );
  });

  it('says when no files changed and omits empty learnings', () => {
    const text = formatProgressEntry(entry('US-002', { filesChanged: [], title: 'Multi\nline  title' }));
    expect(text).toContain('US-002: Multi line title\n');
    expect(text).toContain('- Files changed: none\n');
    expect(text).not.toContain('Learnings');
  });
});

describe('appendProgress', () => {
  it('creates the log with a header, then appends in call order', async () => {
    const file = join(tempDir(), 'progress.txt');
    const ids = Array.from({ length: 8 }, (_, i) => `US-${String(i + 1).padStart(3, '0')}`);
    await Promise.all(ids.map((id) => appendProgress(file, entry(id))));
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('# Ralph Progress Log\nStarted: 2026-11-25T10:00:00.000Z\n---\n\n## ')).toBe(true);
    const order = [...text.matchAll(/^## \S+ - (US-\d+):/gm)].map((match) => match[1]);
    expect(order).toEqual(ids);
    expect(await readdir(tempDir())).toEqual(['progress.txt']);
  });

  it('keeps existing content byte for byte and separates with a blank line', async () => {
    const file = join(tempDir(), 'progress.txt');
    const existing = '# Ralph Progress Log\n## Codebase Patterns\n- use X';
    await writeFile(file, existing);
    await appendProgress(file, entry('US-001'));
    const text = await readFile(file, 'utf8');
    expect(text).toBe(`${existing}\n\n${formatProgressEntry(entry('US-001'))}`);
  });

  it('a failed append does not block later appends to the same file', async () => {
    const blocker = join(tempDir(), 'logs');
    const file = join(blocker, 'progress.txt');
    await writeFile(blocker, 'not a directory');
    await expect(appendProgress(file, entry('US-001'))).rejects.toThrow();
    await rm(blocker);
    await mkdir(blocker);
    await appendProgress(file, entry('US-002'));
    expect(await readFile(file, 'utf8')).toContain('US-002: Title of US-002');
  });
});
