import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAdapter } from '../../src/agent/adapters/index.js';
import { buildPrompt } from '../../src/agent/prompt.js';
import { runAgent } from '../../src/agent/run-agent.js';
import type { Prd } from '../../src/prd/types.js';
import { FAKE_AGENT, tempDir } from './helpers.js';

const prd: Prd = {
  project: 'demo', branchName: 'ralph/demo', description: 'demo',
  userStories: [
    { id: 'US-1', title: 'Add add', description: 'add', acceptanceCriteria: ['works'], priority: 1, passes: false },
    { id: 'US-2', title: 'Second', description: 'second', acceptanceCriteria: [], priority: 2, passes: false },
  ],
};

async function setup(script: unknown) {
  const dir = await tempDir('fake');
  const cwd = join(dir, 'worktree');
  await mkdir(cwd);
  const scriptFile = join(dir, 'script.json');
  await writeFile(scriptFile, JSON.stringify(script));
  const state = join(dir, 'state');
  return { dir, cwd, state, scriptFile };
}

function runFake(ctx: { cwd: string; state: string; scriptFile: string }, storyId: string, extraEnv: Record<string, string> = {}, onActivity?: (text: string) => void) {
  const story = prd.userStories.find((s) => s.id === storyId) ?? prd.userStories[0]!;
  return runAgent({
    adapter: createAdapter({ agent: 'custom', agentCommand: FAKE_AGENT }),
    prompt: buildPrompt({ prd, story, prdPath: 'prd.json', progressPath: 'progress.txt', iteration: 1, maxIterations: 3 }),
    cwd: ctx.cwd,
    env: { RALPH_STORY_ID: storyId, RALPH_STORY_TITLE: story.title, RALPH_FAKE_SCRIPT: ctx.scriptFile, RALPH_FAKE_STATE: ctx.state, ...extraEnv },
    timeoutMs: 30_000, logFile: join(ctx.cwd, '..', 'agent.log'), model: null, extraArgs: [],
    ...(onActivity ? { onActivity } : {}),
  });
}

describe('fake agent', () => {
  it('counts attempts per story and plays them in order, repeating the last', async () => {
    const ctx = await setup({
      stories: {
        'US-1': [
          { write: { 'src/add.js': 'export const add = (a, b) => a - b;\n' }, output: ['attempt {attempt} for {id}'], complete: false },
          { replace: [{ path: 'src/add.js', find: 'a - b', replace: 'a + b' }], append: { 'notes.md': '- fixed {title}\n' }, complete: true },
        ],
      },
    });
    const first = await runFake(ctx, 'US-1');
    expect(first.completed).toBe(false);
    expect(first.exitCode).toBe(0);
    expect(first.finalText).toContain('attempt 1 for US-1');
    expect(await readFile(join(ctx.cwd, 'src/add.js'), 'utf8')).toContain('a - b');

    const second = await runFake(ctx, 'US-1');
    expect(second.completed).toBe(true);
    expect(await readFile(join(ctx.cwd, 'src/add.js'), 'utf8')).toContain('a + b');
    expect(await readFile(join(ctx.cwd, 'notes.md'), 'utf8')).toBe('- fixed Add add\n');

    const third = await runFake(ctx, 'US-1');
    expect(third.completed).toBe(false); // attempt 2 repeats: its replace target is gone → exit 2
    expect(third.exitCode).toBe(2);
    expect(await readFile(join(ctx.state, 'attempts', 'US-1.count'), 'utf8')).toBe('3');
  });

  it('uses "*" for unlisted stories and a built-in default without a script', async () => {
    const ctx = await setup({ stories: { '*': { write: { 'out/{id}.txt': '{title}' }, complete: true } } });
    expect((await runFake(ctx, 'US-2')).completed).toBe(true);
    expect(await readFile(join(ctx.cwd, 'out/US-2.txt'), 'utf8')).toBe('Second');

    const bare = await runFake(ctx, 'US-1', { RALPH_FAKE_SCRIPT: '' });
    expect(bare.completed).toBe(true);
    expect(await readFile(join(ctx.cwd, 'stories/US-1.txt'), 'utf8')).toBe('Add add\n');
  });

  it('honours exitCode even when it prints the marker', async () => {
    const ctx = await setup({ stories: { 'US-1': { complete: true, exitCode: 1, stderr: ['boom'] } } });
    const result = await runFake(ctx, 'US-1');
    expect(result.finalText.trim().endsWith('<promise>COMPLETE</promise>')).toBe(true);
    expect(result.completed).toBe(false);
    expect(result.error).toMatch(/exited with code 1/);
  });

  it('echoPrompt puts the marker mid-output, which is not completion', async () => {
    const ctx = await setup({ stories: { 'US-1': { echoPrompt: true, complete: false } } });
    const result = await runFake(ctx, 'US-1');
    expect(result.finalText.split('\n')).toContain('<promise>COMPLETE</promise>');
    expect(result.completed).toBe(false);
  });

  it('deletes files, edits prd.json and commits with git', async () => {
    const ctx = await setup({ stories: { 'US-1': { delete: ['old.txt'], write: { 'new.txt': 'n' }, editPrd: true, commit: 'feat: {id}', complete: true } } });
    await execa('git', ['init', '-q'], { cwd: ctx.cwd });
    await writeFile(join(ctx.cwd, 'old.txt'), 'o');
    await writeFile(join(ctx.cwd, 'prd.json'), JSON.stringify(prd));
    const result = await runFake(ctx, 'US-1');
    expect(result.completed).toBe(true);
    const edited = JSON.parse(await readFile(join(ctx.cwd, 'prd.json'), 'utf8')) as Prd;
    expect(edited.userStories[0]?.passes).toBe(true);
    expect(edited.userStories[1]?.passes).toBe(false);
    const log = await execa('git', ['log', '--format=%s', '--name-only'], { cwd: ctx.cwd });
    expect(log.stdout).toContain('feat: US-1');
    expect(log.stdout).toContain('new.txt');
    const status = await execa('git', ['status', '--porcelain'], { cwd: ctx.cwd });
    expect(status.stdout).toBe('');
  });

  it('prints a parseable rate-limit line', async () => {
    const ctx = await setup({ stories: { 'US-1': { rateLimitSeconds: 60 } } });
    const before = Date.now();
    const result = await runFake(ctx, 'US-1');
    expect(result.exitCode).toBe(1);
    expect(result.rateLimit?.resetAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 59_000);
  });

  it('finds the story id from the prompt when the env does not say, and logs invocations', async () => {
    const ctx = await setup({ stories: { 'US-2': { output: ['from prompt'], complete: true } } });
    const prompt = buildPrompt({ prd, story: prd.userStories[1]!, prdPath: 'prd.json', progressPath: 'progress.txt', iteration: 1, maxIterations: 1 });
    const out = await execa(FAKE_AGENT, [], { cwd: ctx.cwd, input: prompt, env: { RALPH_FAKE_SCRIPT: ctx.scriptFile, RALPH_FAKE_STATE: ctx.state } });
    expect(out.stdout).toContain('fake-agent: story US-2 attempt 1');
    expect(out.stdout.trimEnd().split('\n').pop()).toBe('<promise>COMPLETE</promise>');
    const events = (await readFile(join(ctx.state, 'invocations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; storyId: string });
    expect(events.map((e) => `${e.event}:${e.storyId}`)).toEqual(['start:US-2', 'end:US-2']);
  });

  it('rejects unknown script keys', async () => {
    const ctx = await setup({ stories: { 'US-1': { complet: true } } });
    const result = await runFake(ctx, 'US-1');
    expect(result.exitCode).toBe(2);
    expect(result.outputTail).toContain('unknown key "complet"');
  });
  it('waitForMerge holds the story until the integration branch has the merge commit of that story', async () => {
    const ctx = await setup({ stories: { 'US-2': { waitForMerge: 'US-1', write: { 'b.txt': 'b\n' }, complete: true } } });
    const git = (args: string[]) => execa('git', args, { cwd: ctx.cwd, env: { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e' } });
    await git(['init', '--quiet', '--initial-branch=main']);
    await writeFile(join(ctx.cwd, 'prd.json'), JSON.stringify(prd));
    await git(['add', '-A']);
    await git(['commit', '--quiet', '-m', 'initial']);
    await git(['branch', 'ralph/demo']);
    let waiting = false;
    const run = runFake(ctx, 'US-2', {}, (text) => {
      if (!text.startsWith('fake-agent: waiting for "Merge US-1: " on ralph/demo') || waiting) return;
      waiting = true;
      // Only now does the branch get the merge the agent waits for; it must not have written anything yet.
      void readFile(join(ctx.cwd, 'b.txt'), 'utf8').then(
        () => { throw new Error('b.txt written before the merge'); },
        () => git(['commit', '--quiet', '--allow-empty', '-m', 'Merge US-10: not this one']).then(() => git(['update-ref', 'refs/heads/ralph/demo', 'HEAD']))
          .then(() => git(['commit', '--quiet', '--allow-empty', '-m', 'Merge US-1: Add add'])).then(() => git(['update-ref', 'refs/heads/ralph/demo', 'HEAD'])),
      );
    });
    const result = await run;
    expect(waiting).toBe(true);
    expect(result.completed).toBe(true);
    expect(await readFile(join(ctx.cwd, 'b.txt'), 'utf8')).toBe('b\n');
  });
});
