import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, prdFor, runCli } from '../helpers/cli.js';
import { isAlive, of, repoTracker, waitFor } from './helpers.js';

/** Agents that hang, crash, flood or tamper with prd.json must not take the run (or the integration branch) down. */

const repos = repoTracker();
afterEach(() => repos.cleanup());

const PARALLEL = ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];

describe('agent misbehaviour', () => {
  it('a hung agent (even one ignoring SIGTERM) times out and leaves no process behind; a crashing agent fails; the others complete', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-HANG' }, { id: 'US-STUBBORN' }, { id: 'US-CRASH' }, { id: 'US-OK' }]), {
      'US-HANG': { output: ['working on it'], hang: true },
      'US-STUBBORN': { hang: true, ignoreTerm: true },
      'US-CRASH': { output: ['segfault (pretend)'], stderr: ['boom'], exitCode: 3 },
      'US-OK': { delayMs: 200, write: { 'ok.txt': 'ok\n' }, complete: true },
    });
    const result = await runCli(repo, [...PARALLEL, '--max-concurrency', '4', '--agent-timeout', '2', '--max-iterations', '1']);
    expect(result.exitCode).toBe(1);

    const failed = of(result.events, 'story:failed');
    expect(failed.map((e) => e.storyId).sort()).toEqual(['US-CRASH', 'US-HANG', 'US-STUBBORN']);
    for (const id of ['US-HANG', 'US-STUBBORN']) expect(failed.find((e) => e.storyId === id)?.reason).toMatch(/timed out/i);
    expect(failed.find((e) => e.storyId === 'US-CRASH')?.reason).not.toMatch(/timed out/i);
    expect(of(result.events, 'story:done').map((e) => e.storyId)).toEqual(['US-OK']);
    expect(await repo.git(['show', 'ralph/test:ok.txt'])).toBe('ok');

    // Neither the hung agents nor the helpers they spawned (which held stdout open) survive.
    const pids: number[] = [];
    for (const id of ['US-HANG', 'US-STUBBORN']) pids.push(Number((await readFile(join(repo.state, `${id}.helper.pid`), 'utf8')).trim()));
    for (const call of await invocations(repo)) if (call.event === 'start') pids.push(call.pid);
    expect(pids.every((pid) => Number.isInteger(pid) && pid > 0)).toBe(true);
    // The run has exited, so nothing may be left; allow a moment for the kernel to finish delivering SIGKILL.
    await waitFor(async () => (await Promise.all(pids.map(isAlive))).every((alive) => !alive), 'agent processes to be gone', 10_000).catch(async () => {
      const alive = [];
      for (const pid of pids) if (await isAlive(pid)) alive.push(pid);
      throw new Error(`still alive after the run exited: ${alive.join(', ')}`);
    });
  });

  it('an agent flooding 200,000 lines: the run completes and the story log holds every line', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-FLOOD' }, { id: 'US-2' }]), {
      'US-FLOOD': { flood: 200_000, write: { 'flood.txt': 'done\n' }, complete: true },
      'US-2': { delayMs: 100, complete: true },
    });
    const result = await runCli(repo, PARALLEL);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'story:done').map((e) => e.storyId).sort()).toEqual(['US-2', 'US-FLOOD']);

    const logs = join(repo.dir, '.git', 'ralph-wt', 'logs');
    const [runDir, ...others] = await readdir(logs);
    expect(others).toEqual([]);
    const logFile = join(logs, runDir ?? '', 'US-FLOOD.log');
    // 200,000 lines of ~55 bytes each.
    expect((await stat(logFile)).size).toBeGreaterThan(200_000 * 50);
    const lines = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.startsWith('flood line '));
    expect(lines).toHaveLength(200_000);
    expect(lines[0]).toMatch(/^flood line 0 /);
    expect(lines[199_999]).toMatch(/^flood line 199999 /);
    // The completion marker after the flood was still recognised.
    expect(await repo.git(['show', 'ralph/test:flood.txt'])).toBe('done');
  });

  it('agents that mark themselves passing in prd.json: the integration prd.json stays consistent, nothing conflicts', async () => {
    const ids = ['US-1', 'US-2', 'US-3', 'US-FAIL'];
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor(ids.map((id) => ({ id }))), {
      'US-1': { editPrd: true, write: { 'one.txt': '1\n' }, complete: true },
      'US-2': { delayMs: 300, editPrd: true, write: { 'two.txt': '2\n' }, complete: true },
      'US-3': { delayMs: 600, editPrd: true, commit: 'agent commits its own prd edit', complete: true },
      // Claims success in prd.json but never finishes: must not end up passing.
      'US-FAIL': { delayMs: 100, editPrd: true, output: ['gave up'], exitCode: 1 },
    });
    const result = await runCli(repo, [...PARALLEL, '--max-concurrency', '4', '--max-iterations', '1']);
    expect(result.exitCode).toBe(1);
    expect(of(result.events, 'merge:conflict')).toEqual([]);
    expect(of(result.events, 'story:done').map((e) => e.storyId).sort()).toEqual(['US-1', 'US-2', 'US-3']);
    expect(of(result.events, 'story:failed').map((e) => e.storyId)).toEqual(['US-FAIL']);

    const text = await repo.git(['show', 'ralph/test:prd.json']);
    const prd = JSON.parse(text) as { userStories: { id: string; passes: boolean }[] };
    expect(prd.userStories.map((s) => [s.id, s.passes])).toEqual([
      ['US-1', true],
      ['US-2', true],
      ['US-3', true],
      ['US-FAIL', false],
    ]);
    expect(text).not.toContain('<<<<<<<');
    // Each merge commit flips exactly its own story, once.
    for (const id of ['US-1', 'US-2', 'US-3']) {
      const merge = await repo.git(['log', '--merges', '--format=%H', '--grep', `^Merge ${id}:`, 'ralph/test']);
      expect(merge.split('\n')).toHaveLength(1);
      const before = JSON.parse(await repo.git(['show', `${merge}^1:prd.json`])) as { userStories: { id: string; passes: boolean }[] };
      const after = JSON.parse(await repo.git(['show', `${merge}:prd.json`])) as { userStories: { id: string; passes: boolean }[] };
      const flipped = after.userStories.filter((s, i) => s.passes !== before.userStories[i]?.passes).map((s) => s.id);
      expect(flipped).toEqual([id]);
    }
    // The user's checkout agrees with the branch and is clean.
    expect(await readFile(join(repo.dir, 'prd.json'), 'utf8')).toBe(`${text}\n`);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });
});

describe('agent misbehaviour in the sequential loop', () => {
  // prd.json belongs to the orchestrator: an unfinished iteration's edits to it are undone.
  it('an agent that marks its failing story passing: prd.json is put back, the story stays undone', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-FAIL' }]), {
      'US-FAIL': { editPrd: true, output: ['gave up'], exitCode: 1 },
    });
    const result = await runCli(repo, ['run', '--json', '--max-iterations', '1', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(1);
    expect(of(result.events, 'story:failed').map((e) => e.storyId)).toEqual(['US-FAIL']);
    const onDisk = JSON.parse(await readFile(join(repo.dir, 'prd.json'), 'utf8')) as { userStories: { id: string; passes: boolean }[] };
    expect(onDisk.userStories.map((s) => [s.id, s.passes])).toEqual([['US-FAIL', false]]);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });
});

describe('degrade to sequential', () => {
  it('--worktree-dir under a regular file: warns, runs the stories sequentially in the repo root, and they complete', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n', blocker: 'I am a file, not a directory\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {});
    const result = await runCli(repo, [...PARALLEL, '--worktree-dir', 'blocker/worktrees']);
    expect(result.exitCode).toBe(0);
    const warnings = of(result.events, 'warning').map((e) => e.message);
    expect(warnings.some((m) => m.includes('sequentially'))).toBe(true);
    expect(of(result.events, 'run:start').map((e) => e.mode)).toEqual(['sequential']);
    expect(of(result.events, 'story:done').map((e) => e.storyId)).toEqual(['US-1', 'US-2']);
    expect(new Set((await invocations(repo)).map((c) => c.cwd))).toEqual(new Set([repo.dir]));
    for (const id of ['US-1', 'US-2']) expect(await repo.git(['show', `ralph/test:stories/${id}.txt`])).toBe(`Story ${id}`);
    expect(await readFile(join(repo.dir, 'blocker'), 'utf8')).toBe('I am a file, not a directory\n');
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });
});
