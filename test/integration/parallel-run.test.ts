import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, makeRepo, parseEvents, prdFor, runCli, startCli, waitFor, type TestRepo } from '../helpers/cli.js';

const BASE_FILES = {
  'src/app.js': "export function hello() {\n  return 'hello';\n}\n",
};

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((r) => r.cleanup()));
  repos = [];
});

async function repoWith(...args: Parameters<typeof makeRepo>): Promise<TestRepo> {
  const repo = await makeRepo(...args);
  repos.push(repo);
  return repo;
}

describe('ralph-wt run --parallel', () => {
  it('runs independent stories concurrently and merges one commit per story', async () => {
    // Each agent writes that it started, then waits until all three have: only concurrent agents can finish.
    const repo = await repoWith(BASE_FILES, prdFor([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }]), {
      '*': { waitFor: 'all-started', write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
    });
    const running = startCli(repo, ['run', '--parallel', '--max-concurrency', '3', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    await waitFor(async () => (await invocations(repo)).filter((c) => c.event === 'start').length === 3, 'three agents to be running at once', 120_000);
    await writeFile(join(repo.state, 'all-started'), '');
    const done = await running;
    const result = { exitCode: done.exitCode, stderr: String(done.stderr), events: parseEvents(String(done.stdout)) };
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);

    // Every run interval overlaps every other: the three agents were alive at once.
    const calls = await invocations(repo);
    const spans = ['US-1', 'US-2', 'US-3'].map((id) => ({
      start: calls.find((c) => c.storyId === id && c.event === 'start')!.at,
      end: calls.find((c) => c.storyId === id && c.event === 'end')!.at,
    }));
    const latestStart = Math.max(...spans.map((s) => s.start));
    const earliestEnd = Math.min(...spans.map((s) => s.end));
    expect(latestStart).toBeLessThan(earliestEnd);
    // Each agent ran in its own worktree, not in the user's checkout.
    const cwds = new Set(calls.map((c) => c.cwd));
    expect(cwds.size).toBe(3);
    expect([...cwds].every((cwd) => cwd.includes(join('.git', 'ralph-wt', 'worktrees')))).toBe(true);

    const merges = (await repo.git(['log', '--merges', '--format=%s', 'ralph/test'])).split('\n');
    expect(merges.sort()).toEqual(['Merge US-1: Story US-1', 'Merge US-2: Story US-2', 'Merge US-3: Story US-3']);
    // The user's checkout is on the integration branch with everything in it, and clean.
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('ralph/test');
    expect(await repo.git(['status', '--porcelain'])).toBe('');
    for (const id of ['US-1', 'US-2', 'US-3']) await access(join(repo.dir, 'stories', `${id}.txt`));
    const prd = JSON.parse(await readFile(join(repo.dir, 'prd.json'), 'utf8')) as { userStories: { passes: boolean }[] };
    expect(prd.userStories.every((s) => s.passes)).toBe(true);
    const progress = await readFile(join(repo.dir, 'progress.txt'), 'utf8');
    for (const id of ['US-1', 'US-2', 'US-3']) expect(progress).toContain(`- ${id}: Story ${id}`);
    // Worktrees and story branches are gone after a successful run.
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    expect(await repo.git(['branch', '--list', 'ralph-wt/*'])).toBe('');

    const summary = result.events.find((e) => e.type === 'summary');
    expect(summary?.type === 'summary' && summary.summary.stories.passed).toBe(3);
    expect(summary?.type === 'summary' && summary.summary.merges).toBe(3);
  });

  it('starts a dependent only after its dependency is merged, and it sees the dependency’s files', async () => {
    const repo = await repoWith(BASE_FILES, prdFor([{ id: 'US-1' }, { id: 'US-2', dependsOn: ['US-1'] }, { id: 'US-3' }]), {
      'US-1': { delayMs: 300, write: { 'src/config.js': 'export const port = 80;\n' }, complete: true },
      // Exits 2 if src/config.js is missing: it must be built on US-1's merged code.
      'US-2': { replace: [{ path: 'src/config.js', find: '80', replace: '8080' }], complete: true },
      'US-3': { delayMs: 300, complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    const order = result.events.filter((e) => e.type === 'merge:done' || e.type === 'story:started').map((e) => `${e.type}:${'storyId' in e ? e.storyId : ''}`);
    expect(order.indexOf('merge:done:US-1')).toBeLessThan(order.indexOf('story:started:US-2'));
    expect(await readFile(join(repo.dir, 'src/config.js'), 'utf8')).toBe('export const port = 8080;\n');
  });

  it('merges two stories that edit different functions of one file (entity merge)', async () => {
    const files = { 'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport function sub(a, b) {\n  return a - b;\n}\n' };
    const repo = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': { delayMs: 200, replace: [{ path: 'src/math.js', find: 'export function sub', replace: 'export function mul(a, b) {\n  return a * b;\n}\n\nexport function sub' }], complete: true },
      'US-2': { delayMs: 200, replace: [{ path: 'src/math.js', find: 'export function sub', replace: 'export function div(a, b) {\n  return a / b;\n}\n\nexport function sub' }], complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    const methods = result.events.filter((e) => e.type === 'merge:done').map((e) => (e.type === 'merge:done' ? e.method : ''));
    expect(methods).toContain('entity');
    const merged = await readFile(join(repo.dir, 'src/math.js'), 'utf8');
    expect(merged).toContain('export function mul(a, b)');
    expect(merged).toContain('export function div(a, b)');
    expect(merged).not.toContain('<<<<<<<');
  });

  it('sends a complex conflict through the sequential fallback and merges both stories', async () => {
    const files = { 'src/total.js': 'export function total(x) {\n  return x;\n}\n' };
    const repo = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': { replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return Math.round(x);' }], complete: true },
      'US-2': [
        { waitForMerge: 'US-1', replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 1;' }], complete: true },
        { replace: [{ path: 'src/total.js', find: 'return Math.round(x);', replace: 'return Math.round(x) + 1;' }], complete: true },
      ],
    });
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    const conflict = result.events.find((e) => e.type === 'merge:conflict');
    expect(conflict).toMatchObject({ storyId: 'US-2', resolution: 'fallback', files: ['src/total.js'] });
    expect(await readFile(join(repo.dir, 'src/total.js'), 'utf8')).toContain('return Math.round(x) + 1;');
    // The first attempt is kept for review.
    expect(await repo.git(['branch', '--list', '*conflicts*'])).toMatch(/US-2-1/);
    const summary = result.events.find((e) => e.type === 'summary');
    expect(summary?.type === 'summary' && summary.summary.conflicts.fallbacks).toBe(1);
  });

  it('--no-fallback marks the conflicting story conflicted, keeps its branch and exits 1', async () => {
    const files = { 'src/total.js': 'export function total(x) {\n  return x;\n}\n' };
    const repo = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3', dependsOn: ['US-2'] }]), {
      'US-1': { replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return Math.round(x);' }], complete: true },
      'US-2': { waitForMerge: 'US-1', replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 1;' }], complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--no-fallback', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    expect(result.events.find((e) => e.type === 'story:conflicted')).toMatchObject({ storyId: 'US-2' });
    expect(result.events.find((e) => e.type === 'story:skipped')).toMatchObject({ storyId: 'US-3' });
    const kept = await repo.git(['branch', '--list', '*conflicts*', '--format=%(refname:short)']);
    expect(kept).toMatch(/US-2-1$/);
    expect(await repo.git(['show', `${kept}:src/total.js`])).toContain('return x + 1;');
  });

  it('a failing story does not stop the others; its dependents are skipped', async () => {
    const repo = await repoWith(BASE_FILES, prdFor([{ id: 'US-1' }, { id: 'US-2', dependsOn: ['US-1'] }, { id: 'US-3' }]), {
      'US-1': { output: ['cannot do this'], exitCode: 1 },
      'US-3': { delayMs: 100, complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--max-iterations', '2', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    expect(result.events.find((e) => e.type === 'story:failed')).toMatchObject({ storyId: 'US-1' });
    expect(result.events.find((e) => e.type === 'story:skipped')).toMatchObject({ storyId: 'US-2', reason: expect.stringContaining('US-1') as string });
    expect(result.events.find((e) => e.type === 'story:done')).toMatchObject({ storyId: 'US-3' });
    // Its two iterations and no more: a failed story is never retried behind the user's back (no conflict, no re-run).
    expect((await invocations(repo)).filter((c) => c.storyId === 'US-1' && c.event === 'start')).toHaveLength(2);
    expect(result.events.filter((e) => e.type === 'story:phase' && e.storyId === 'US-1' && e.phase === 'queued')).toHaveLength(0);
    // The failed story's worktree is kept for inspection.
    const worktrees = await readdir(join(repo.dir, '.git', 'ralph-wt', 'worktrees'));
    expect(worktrees).toEqual(['US-1']);
  });

  it('does not re-run a story that failed on its base, even after other stories merged (an undeclared dependency is the author\'s to declare)', async () => {
    const repo = await repoWith(BASE_FILES, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': { delayMs: 600, write: { 'src/config.js': 'export const port = 80;\n' }, complete: true },
      // Needs US-1's file but does not say so: fails (exit 2) until US-1 is on its base.
      'US-2': { replace: [{ path: 'src/config.js', find: '80', replace: '8080' }], complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--max-iterations', '1', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    expect(await readFile(join(repo.dir, 'src/config.js'), 'utf8')).toBe('export const port = 80;\n');
    expect(result.events.find((e) => e.type === 'story:failed')).toMatchObject({ storyId: 'US-2', reason: expect.stringContaining('not finished after 1 iteration') as string });
    const calls = (await invocations(repo)).filter((c) => c.storyId === 'US-2' && c.event === 'start');
    expect(calls).toHaveLength(1);
  });

  it('reuses merged stories’ worktrees for later stories and leaves none behind', async () => {
    const repo = await repoWith(BASE_FILES, prdFor([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }]), {
      'US-1': { write: { 'one.txt': '1\n' }, complete: true },
      'US-2': { write: { 'two.txt': '2\n' }, complete: true },
      'US-3': { write: { 'three.txt': '3\n' }, complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--max-concurrency', '1', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    // US-1 gets the worktree the run probed with; US-2 and US-3 the one their predecessor left.
    const reused = result.events.filter((e) => e.type === 'story:phase' && e.detail === 'reusing a worktree');
    expect(reused.map((e) => ('storyId' in e ? e.storyId : ''))).toEqual(['US-1', 'US-2', 'US-3']);
    // Each story saw only its own base: no file of another story was committed twice or lost.
    expect((await repo.git(['ls-tree', '--name-only', 'ralph/test'])).split('\n')).toEqual(expect.arrayContaining(['one.txt', 'two.txt', 'three.txt']));
    expect(await repo.git(['show', '--stat', '--format=', 'ralph/test^2'])).not.toMatch(/one\.txt|two\.txt/);
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    // Merged stories' branches are deleted together at the end.
    expect(await repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/ralph-wt/'])).toBe('');
  });
});

describe('ralph-wt run --parallel that cannot start', () => {
  it('a dependency cycle stops the run before any story, and leaves no worktree behind', async () => {
    const repo = await repoWith(BASE_FILES, prdFor([{ id: 'US-1', dependsOn: ['US-2'] }, { id: 'US-2', dependsOn: ['US-1'] }]), {
      '*': { complete: true },
    });
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/cycle/i);
    expect(await invocations(repo)).toEqual([]);
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  });
});
