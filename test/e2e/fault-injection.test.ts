import { execa } from 'execa';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, prdFor, runCli, startCli, type TestRepo } from '../helpers/cli.js';
import { diedOfSigkill, repoTracker, runRaw, waitFor, waitForAgentsToSettle } from './helpers.js';
import type { FailpointName } from '../../src/util/failpoint.js';

/**
 * Crash injection: the orchestrator SIGKILLs itself at a named point
 * (RALPH_WT_FAILPOINT), then a plain `run` must finish the job with no lost
 * or duplicated work, and `clean` must leave nothing behind.
 */

const repos = repoTracker();
afterEach(() => repos.cleanup());

const IDS = ['US-1', 'US-2', 'US-3', 'US-4'];
const PARALLEL = ['run', '--parallel', '--max-concurrency', '3', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];

/** Staggered agents: three run at once, the fourth starts when the quickest is done; merges trickle in. */
const SCRIPT = {
  'US-1': { delayMs: 100, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
  'US-2': { delayMs: 700, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
  'US-3': { delayMs: 1_200, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
  'US-4': { delayMs: 300, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
};

async function freshRepo(): Promise<TestRepo> {
  return repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), SCRIPT);
}

/** The resumed run finished everything exactly once, the repository is sound, and `clean` leaves nothing behind. */
async function expectRecovered(repo: TestRepo): Promise<void> {
  const resumed = await runCli(repo, PARALLEL);
  if (resumed.exitCode !== 0) throw new Error(`resumed run exited ${resumed.exitCode}\nstderr: ${resumed.stderr}\nstdout: ${resumed.stdout.slice(-4000)}`);
  expect(resumed.exitCode).toBe(0);
  // Every story's work is on the integration branch…
  const tree = (await repo.git(['ls-tree', '-r', '--name-only', 'ralph/test'])).split('\n');
  for (const id of IDS) expect(tree).toContain(`stories/${id}.txt`);
  for (const id of IDS) expect(await repo.git(['show', `ralph/test:stories/${id}.txt`])).toBe(`Story ${id}`);
  // …merged exactly once each.
  const merges = (await repo.git(['log', '--merges', '--format=%s', 'ralph/test'])).split('\n').sort();
  expect(merges).toEqual(IDS.map((id) => `Merge ${id}: Story ${id}`));
  // prd.json on the integration branch records every story once.
  const prd = JSON.parse(await repo.git(['show', 'ralph/test:prd.json'])) as { userStories: { id: string; passes: boolean }[] };
  expect(prd.userStories.map((s) => [s.id, s.passes])).toEqual(IDS.map((id) => [id, true]));
  await execa('git', ['fsck', '--no-progress', '--no-dangling'], { cwd: repo.dir });
  expect(await repo.git(['status', '--porcelain'])).toBe('');
  expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('ralph/test');

  const clean = await runCli(repo, ['clean']);
  expect(clean.exitCode).toBe(0);
  expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  expect(await repo.git(['branch', '--list', 'ralph-wt/*'])).toBe('');
}

const POINTS: FailpointName[] = ['after-worktree-add', 'after-agent', 'before-ref-update', 'after-ref-update', 'during-reconcile', 'during-journal-write'];

describe('fault injection: SIGKILL at a failpoint, then resume', () => {
  it.each(POINTS)('%s: no work lost, none duplicated, nothing left behind', async (point) => {
    const repo = await freshRepo();
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: point });
    if (!diedOfSigkill(crashed)) throw new Error(`expected SIGKILL at ${point}, got exit ${String(crashed.exitCode)} / ${String(crashed.signal)}\n${crashed.stderr}`);
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    await expectRecovered(repo);
  });

  it('SIGKILL while three agents are running (no failpoint): the next run finishes everything once', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), {
      '*': { delayMs: 1_500, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
    });
    const child = startCli(repo, PARALLEL);
    await waitFor(async () => (await invocations(repo)).filter((c) => c.event === 'start').length === 3, 'three agents to start');
    child.kill('SIGKILL');
    const crashed = await child;
    expect(crashed.signal === 'SIGKILL' || crashed.exitCode === 137).toBe(true);
    await waitForAgentsToSettle(repo);
    await expectRecovered(repo);
  });
});
