import { execa } from 'execa';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, prdFor, runCli, startCli, type CliResult, type TestRepo } from '../helpers/cli.js';
import { diedOfSigkill, repoTracker, runRaw, waitFor, waitForAgentsToSettle, type RawResult } from './helpers.js';
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
async function expectRecovered(repo: TestRepo, alreadyResumed?: CliResult): Promise<void> {
  const resumed = alreadyResumed ?? (await runCli(repo, PARALLEL));
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

async function mergesOnIntegration(repo: TestRepo): Promise<number> {
  const log = await repo.git(['log', '--merges', '--format=%s', 'ralph/test']).catch(() => '');
  return log === '' ? 0 : log.split('\n').length;
}

/** The crash happened where the failpoint says (so the resume really starts from that state). */
async function expectCrashedAt(repo: TestRepo, point: FailpointName, crashed: RawResult): Promise<void> {
  const types = new Set(crashed.events.map((e) => e.type));
  const calls = await invocations(repo);
  switch (point) {
    case 'after-worktree-add':
      expect(calls).toEqual([]);
      // Worktrees are created concurrently: the first to finish triggered the kill, others may be half made.
      expect((await readdir(join(repo.dir, '.git', 'ralph-wt', 'worktrees'))).length).toBeGreaterThanOrEqual(1);
      break;
    case 'after-agent':
      expect(calls.some((c) => c.event === 'end')).toBe(true);
      expect(await mergesOnIntegration(repo)).toBe(0);
      break;
    case 'before-ref-update':
      expect(await mergesOnIntegration(repo)).toBe(0);
      break;
    case 'after-ref-update':
      // Moved the branch, but died before recording the merge as done.
      expect(await mergesOnIntegration(repo)).toBe(1);
      expect(types.has('merge:done')).toBe(false);
      break;
    case 'during-reconcile':
      expect(await mergesOnIntegration(repo)).toBeGreaterThanOrEqual(2);
      expect(types.has('reconcile:start')).toBe(true);
      expect(types.has('summary')).toBe(false);
      break;
    case 'during-journal-write':
      // Fires between writing state.json.bak and the new state.json, on the first update after the journal
      // was created: the created journal is intact, no agent has started, nothing merged.
      await access(join(repo.dir, '.git', 'ralph-wt', 'state.json'));
      expect(calls).toEqual([]);
      expect(await mergesOnIntegration(repo)).toBe(0);
      break;
  }
}

const POINTS: FailpointName[] = ['after-worktree-add', 'after-agent', 'before-ref-update', 'after-ref-update', 'during-reconcile', 'during-journal-write'];

describe('fault injection: SIGKILL at a failpoint, then resume', () => {
  it.each(POINTS)('%s: no work lost, none duplicated, nothing left behind', async (point) => {
    const repo = await freshRepo();
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: point });
    if (!diedOfSigkill(crashed)) throw new Error(`expected SIGKILL at ${point}, got exit ${String(crashed.exitCode)} / ${String(crashed.signal)}\n${crashed.stderr}`);
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    await expectCrashedAt(repo, point, crashed);
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

  it('crashes twice in a row (before-ref-update, then after-ref-update on the resumed run), then finishes', async () => {
    const repo = await freshRepo();
    for (const point of ['before-ref-update', 'after-ref-update'] as const) {
      const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: point });
      expect({ point, sigkill: diedOfSigkill(crashed) }).toEqual({ point, sigkill: true });
      await waitForAgentsToSettle(repo);
    }
    await expectRecovered(repo);
  });

  it('during-journal-write on a resumed run keeps every story\'s previous record, so the run after it still resumes', async () => {
    const repo = await freshRepo();
    const first = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'before-ref-update' });
    expect(diedOfSigkill(first)).toBe(true);
    await waitForAgentsToSettle(repo);
    const journalPath = join(repo.dir, '.git', 'ralph-wt', 'state.json');
    const journal = await readFile(journalPath, 'utf8');
    const merging = Object.entries((JSON.parse(journal) as { stories: Record<string, { state: string }> }).stories)
      .filter(([, rec]) => rec.state === 'merging')
      .map(([id]) => id);
    // The story at the ref update, and any other that finished while it waited in the lane.
    expect(merging.length).toBeGreaterThanOrEqual(1);

    const second = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'during-journal-write' });
    expect(diedOfSigkill(second)).toBe(true);
    // The resumed run's journal carried the old records over before the crash: nothing about the
    // finished-but-unmerged story was forgotten.
    const after = JSON.parse(await readFile(journalPath, 'utf8')) as { stories: Record<string, { state: string; commit: string | null }> };
    const before = JSON.parse(journal) as { stories: Record<string, { state: string; commit: string | null }> };
    for (const id of merging) expect(after.stories[id]).toEqual(before.stories[id]);

    const resumed = await runCli(repo, PARALLEL);
    // Stories that had committed but were not yet recorded as merging are merged first too.
    const mergedFirst = resumed.events.flatMap((e) => (e.type === 'warning' ? [/merging (.+) first/.exec(e.message)?.[1] ?? ''] : [])).join(', ').split(', ');
    expect(mergedFirst).toEqual(expect.arrayContaining(merging));
    await expectRecovered(repo, resumed);
  });

  it('`clean` right after a crash, then `run`: the work is redone or kept, never lost or doubled', async () => {
    const repo = await freshRepo();
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'after-agent' });
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    const clean = await runCli(repo, ['clean']);
    expect(clean.exitCode).toBe(0);
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    expect(await repo.git(['branch', '--list', 'ralph-wt/*'])).toBe('');
    await expectRecovered(repo);
  });
});
