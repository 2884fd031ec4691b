import { AGENT_ARGS, invocations, prdFor, runCli, type Invocation, type StorySpec, type TestRepo } from '../helpers/cli.js';
import { of, repoTracker } from './helpers.js';

/**
 * Seed settings that change behaviour, observed end to end. Already covered in
 * test/integration and not repeated here: --max-concurrency auto, --conflict-strategy,
 * --no-fallback, --no-reconcile, --strict-scope, --resolve-with-agent.
 */

const repos = repoTracker();
afterEach(() => repos.cleanup());

/** Most agents alive at once, from the fake agent's start/end log. */
function maxOverlap(calls: Invocation[]): number {
  const points = calls.map((c) => ({ at: c.at, delta: c.event === 'start' ? 1 : -1 }));
  // At equal timestamps count the end first: touching intervals do not overlap.
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const p of points) {
    current += p.delta;
    most = Math.max(most, current);
  }
  return most;
}

const WORK = { delayMs: 700, write: { 'stories/{id}.txt': '{title}\n' }, complete: true };

describe('--inference-mode', () => {
  // Two stories whose text is the same: similarity inference orders them, explicit mode does not.
  const twins: StorySpec[] = ['US-1', 'US-2'].map((id) => ({
    id,
    title: 'Add CSV export to the report page',
    description: 'Users can export the monthly sales report as a CSV file from the report page',
  }));

  it('hybrid orders near-identical stories (the second starts after the first merged); explicit runs them concurrently', async () => {
    const hybridRepo = await repos.make({ 'a.txt': 'a\n' }, prdFor(twins), { '*': WORK });
    const hybrid = await runCli(hybridRepo, ['run', '--parallel', '--max-concurrency', '2', '--inference-mode', 'hybrid', '--json', ...AGENT_ARGS]);
    expect(hybrid.exitCode).toBe(0);
    const order = hybrid.events.filter((e) => e.type === 'merge:done' || e.type === 'story:started').map((e) => `${e.type}:${'storyId' in e ? e.storyId : ''}`);
    expect(order).toEqual(['story:started:US-1', 'merge:done:US-1', 'story:started:US-2', 'merge:done:US-2']);
    expect(maxOverlap(await invocations(hybridRepo))).toBe(1);

    const explicitRepo = await repos.make({ 'a.txt': 'a\n' }, prdFor(twins), { '*': WORK });
    const explicit = await runCli(explicitRepo, ['run', '--parallel', '--max-concurrency', '2', '--inference-mode', 'explicit', '--json', ...AGENT_ARGS]);
    expect(explicit.exitCode).toBe(0);
    expect(maxOverlap(await invocations(explicitRepo))).toBe(2);
  });
});

describe('prd.json "parallel" block', () => {
  const stories: StorySpec[] = ['US-1', 'US-2', 'US-3'].map((id) => ({ id }));
  const prd = prdFor(stories, { parallel: { enabled: true, maxConcurrency: 1, inferenceMode: 'explicit' } });
  const inWorktree = (repo: TestRepo, cwd: string): boolean => cwd.startsWith(`${repo.dir}/.git/ralph-wt/worktrees/`);

  it('enabled: true runs parallel without --parallel; maxConcurrency: 1 serialises', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prd, { '*': WORK });
    const result = await runCli(repo, ['run', '--json', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'run:start')).toMatchObject([{ mode: 'parallel', concurrency: 1 }]);
    const calls = await invocations(repo);
    expect(calls.filter((c) => c.event === 'start')).toHaveLength(3);
    expect(calls.every((c) => inWorktree(repo, c.cwd))).toBe(true);
    expect(maxOverlap(calls)).toBe(1);
  });

  it('--max-concurrency 3 overrides the block', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prd, { '*': WORK });
    const result = await runCli(repo, ['run', '--json', '--max-concurrency', '3', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'run:start')).toMatchObject([{ mode: 'parallel', concurrency: 3 }]);
    expect(maxOverlap(await invocations(repo))).toBe(3);
  });

  it('--no-parallel overrides enabled: true (the classic loop in the repo root)', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prd, { '*': { write: { 'stories/{id}.txt': '{title}\n' }, complete: true } });
    const result = await runCli(repo, ['run', '--json', '--no-parallel', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'run:start')).toMatchObject([{ mode: 'sequential' }]);
    const calls = await invocations(repo);
    expect(calls.filter((c) => c.event === 'start')).toHaveLength(3);
    expect(new Set(calls.map((c) => c.cwd))).toEqual(new Set([repo.dir]));
    expect((await repo.git(['log', '--format=%s', 'main..ralph/test'])).split('\n')).toEqual(['feat(US-3): Story US-3', 'feat(US-2): Story US-2', 'feat(US-1): Story US-1']);
  });
});
