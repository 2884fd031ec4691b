import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, BIN, EXPLICIT_ONLY, GIT_ENV, invocations, prdFor, runCli, type TestRepo } from '../helpers/cli.js';
import { isAlive, listTree, repoTracker, waitFor } from './helpers.js';

/**
 * Random-kill soak (issue 17): runs are killed with `kill -9` of their whole
 * process group at random moments, several times, then resumed to the end.
 * Every trial must end with all work merged exactly once and nothing left
 * behind. RALPH_SOAK_TRIALS sets the number of trials, RALPH_SOAK_SEED the
 * first seed (each failure names its seed, to replay it alone).
 */

const TRIALS = Number(process.env['RALPH_SOAK_TRIALS'] ?? 6);
const FIRST_SEED = Number(process.env['RALPH_SOAK_SEED'] ?? Date.now() % 1_000_000);
const ARGS = ['run', '--parallel', '--max-concurrency', '3', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];

const repos = repoTracker();
afterEach(() => repos.cleanup());

/** mulberry32: small, seedable, good enough to pick moments. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rand: () => number, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

/**
 * Starts a run as the leader of its own process group and SIGKILLs the group
 * when the `killAt`-th event appears on its stdout (a moment picked at
 * random); a run that ends first is left alone. Whether it was killed.
 */
async function runAndKillAtEvent(repo: TestRepo, killAt: number): Promise<boolean> {
  const child = execa('node', [BIN, ...ARGS], {
    cwd: repo.dir,
    env: { ...GIT_ENV, CI: 'true', RALPH_FAKE_SCRIPT: repo.scriptPath, RALPH_FAKE_STATE: repo.state },
    reject: false,
    stdin: 'ignore',
    detached: true,
    buffer: false,
  });
  let seen = 0;
  let killed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    seen += chunk.toString('utf8').split('\n').filter((l) => l.startsWith('{')).length;
    if (!killed && seen >= killAt && child.pid !== undefined) {
      killed = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  child.stderr.resume();
  await child;
  return killed;
}

async function trial(seed: number): Promise<string> {
  const rand = prng(seed);
  const count = between(rand, 6, 10);
  const ids = Array.from({ length: count }, (_, i) => `US-${i + 1}`);
  const script = Object.fromEntries(ids.map((id) => [id, { delayMs: between(rand, 50, 1200), write: { 'stories/{id}.txt': '{title}\n' }, complete: true }]));
  const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(ids.map((id) => ({ id }))), script);
  const mainBefore = await repo.git(['rev-parse', 'main']);

  const kills = between(rand, 3, 4);
  const moments: number[] = [];
  for (let k = 0; k < kills; k += 1) {
    // Roughly 8 events per story in a run: anywhere from the start to the end.
    const at = between(rand, 1, count * 8);
    moments.push(at);
    await runAndKillAtEvent(repo, at);
  }
  const final = await runCli(repo, ARGS);
  const where = `seed ${seed}: ${count} stories, kills at events ${moments.join(', ')}`;
  if (final.exitCode !== 0) throw new Error(`${where}: final run exited ${final.exitCode}\n${final.stderr}\n${final.stdout.slice(-3000)}`);

  const subjects = (await repo.git(['log', '--format=%s', 'ralph/test'])).split('\n');
  for (const id of ids) {
    expect({ where, id, content: await repo.git(['show', `ralph/test:stories/${id}.txt`]) }).toEqual({ where, id, content: `Story ${id}` });
    expect({ where, id, feats: subjects.filter((s) => s.startsWith(`feat(${id}):`)).length, merges: subjects.filter((s) => s === `Merge ${id}: Story ${id}`).length }).toEqual({
      where,
      id,
      feats: 1,
      merges: 1,
    });
  }
  const prd = JSON.parse(await repo.git(['show', 'ralph/test:prd.json'])) as { userStories: { id: string; passes: boolean }[] };
  expect({ where, passes: prd.userStories.map((s) => s.passes) }).toEqual({ where, passes: ids.map(() => true) });
  const fsck = await execa('git', ['fsck', '--full', '--no-progress', '--no-dangling'], { cwd: repo.dir, reject: false });
  expect({ where, fsck: fsck.exitCode, stderr: fsck.stderr }).toEqual({ where, fsck: 0, stderr: '' });
  // git's own detached background maintenance (started by a commit, gc.autoDetach) holds
  // objects/maintenance.lock while it runs and removes it when done: only locks that stay count.
  const locks = async (): Promise<string[]> => (await listTree(join(repo.dir, '.git'), true)).filter((p) => p.endsWith('.lock'));
  await waitFor(async () => (await locks()).every((p) => p !== 'objects/maintenance.lock'), 'git background maintenance to finish').catch(() => undefined);
  expect({ where, locks: await locks() }).toEqual({ where, locks: [] });
  expect({ where, worktrees: (await repo.git(['worktree', 'list', '--porcelain'])).split('\n').filter((l) => l.startsWith('worktree ')).length }).toEqual({ where, worktrees: 1 });
  // The user's checkout: clean, on the integration branch as an uninterrupted run leaves it; main untouched.
  expect({ where, status: await repo.git(['status', '--porcelain']), head: await repo.git(['symbolic-ref', '--short', 'HEAD']) }).toEqual({ where, status: '', head: 'ralph/test' });
  expect({ where, main: await repo.git(['rev-parse', 'main']) }).toEqual({ where, main: mainBefore });
  // No agent of any of the runs is still running.
  const pids = (await invocations(repo)).filter((c) => c.event === 'start').map((c) => c.pid);
  const alive = (await Promise.all(pids.map(async (pid) => ((await isAlive(pid)) ? pid : null)))).filter((p) => p !== null);
  expect({ where, alive }).toEqual({ where, alive: [] });
  const journal = JSON.parse(await readFile(join(repo.dir, '.git', 'ralph-wt', 'state.json'), 'utf8')) as { stories: Record<string, { state: string }> };
  expect({ where, states: Object.values(journal.stories).map((s) => s.state) }).toEqual({ where, states: ids.map(() => 'done') });
  await repos.cleanup();
  return where;
}

describe('random-kill soak', () => {
  it(`${TRIALS} trials: kill -9 of the whole process group at random moments, then resume`, async () => {
    const done: string[] = [];
    for (let i = 0; i < TRIALS; i += 1) {
      const seed = FIRST_SEED + i;
      try {
        done.push(await trial(seed));
      } catch (error) {
        // The seed replays the trial: RALPH_SOAK_SEED=<seed> RALPH_SOAK_TRIALS=1.
        throw new Error(`random-kill soak trial ${i + 1} (RALPH_SOAK_SEED=${seed}) failed after ${done.length} passed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    process.stdout.write(`random-kill soak: ${done.length} trials passed\n${done.join('\n')}\n`);
    expect(done).toHaveLength(TRIALS);
  }, 3_600_000);
});
