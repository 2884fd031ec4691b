import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, prdFor, runCli, startCli, type TestRepo } from '../helpers/cli.js';
import { diedOfSigkill, isAlive, listTree, repoTracker, runRaw, waitFor, waitForAgentsToSettle } from './helpers.js';

/**
 * Crashes and hangs of the orchestrator itself (issue 17): what a `kill -9`,
 * a closed terminal or a killed git leaves behind must not cost work, money
 * or a sound repository on the next run.
 */

const repos = repoTracker();
const started: number[] = [];
afterEach(async () => {
  // Agents a failing test left orphaned must not outlive it.
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await repos.cleanup();
});

const IDS = ['US-1', 'US-2', 'US-3', 'US-4'];
const PARALLEL = ['run', '--parallel', '--max-concurrency', '3', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];
const STAGGERED = {
  'US-1': { delayMs: 100, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
  'US-2': { delayMs: 1_500, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
  'US-3': { delayMs: 2_000, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
  'US-4': { delayMs: 300, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
};
/** First attempt of every story: an agent busy for a minute (it outlives a killed run); later ones finish at once. */
const SLOW_THEN_QUICK_LIST = [
  { delayMs: 60_000, write: { 'stories/{id}.txt': 'written by an orphan\n' }, complete: true },
  { write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
];
/** US-1..3 start first (three at once): they are the ones a killed run leaves running. */
const SLOW_THEN_QUICK = { 'US-1': SLOW_THEN_QUICK_LIST, 'US-2': SLOW_THEN_QUICK_LIST, 'US-3': SLOW_THEN_QUICK_LIST, 'US-4': { write: { 'stories/{id}.txt': '{title}\n' }, complete: true } };

const ralph = (repo: TestRepo, ...rest: string[]): string => join(repo.dir, '.git', 'ralph-wt', ...rest);

async function agentStarts(repo: TestRepo): Promise<number[]> {
  const pids = (await invocations(repo)).filter((c) => c.event === 'start').map((c) => c.pid);
  started.push(...pids);
  return pids;
}

/** Every story merged once, with the content of a finished attempt; the repository sound; nothing left registered. */
async function expectAllMergedOnce(repo: TestRepo, ids: readonly string[] = IDS): Promise<void> {
  for (const id of ids) expect(await repo.git(['show', `ralph/test:stories/${id}.txt`])).toBe(`Story ${id}`);
  const subjects = (await repo.git(['log', '--format=%s', 'ralph/test'])).split('\n');
  for (const id of ids) expect({ id, feats: subjects.filter((s) => s.startsWith(`feat(${id}):`)).length }).toEqual({ id, feats: 1 });
  for (const id of ids) expect({ id, merges: subjects.filter((s) => s === `Merge ${id}: Story ${id}`).length }).toEqual({ id, merges: 1 });
  const fsck = await execa('git', ['fsck', '--full', '--no-progress', '--no-dangling'], { cwd: repo.dir, reject: false });
  expect({ fsck: fsck.exitCode, stderr: fsck.stderr }).toEqual({ fsck: 0, stderr: '' });
  expect((await repo.git(['worktree', 'list', '--porcelain'])).split('\n').filter((l) => l.startsWith('worktree '))).toHaveLength(1);
  expect((await listTree(join(repo.dir, '.git'), true)).filter((p) => p.endsWith('.lock'))).toEqual([]);
}

function expectOk(result: { exitCode: number; stderr: string; stdout: string }): void {
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}\nstderr: ${result.stderr}\nstdout: ${result.stdout.slice(-3000)}`);
}

/** The worktree's private git dir, from its `.git` pointer file. */
async function gitDirOf(worktree: string): Promise<string> {
  const pointer = await readFile(join(worktree, '.git'), 'utf8');
  return resolve(worktree, pointer.replace(/^gitdir: /, '').trim());
}

interface JournalStory {
  state: string;
  worktree: string | null;
  finished?: { summary: string };
}
async function journalStories(repo: TestRepo): Promise<Record<string, JournalStory>> {
  return (JSON.parse(await readFile(ralph(repo, 'state.json'), 'utf8')) as { stories: Record<string, JournalStory> }).stories;
}

describe('B2: agents never outlive the orchestrator', () => {
  it('after kill -9, the resume stops the agents the dead run left running before their worktrees are reused', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), SLOW_THEN_QUICK);
    const child = startCli(repo, PARALLEL);
    await waitFor(async () => (await agentStarts(repo)).length === 3, 'three agents to start');
    child.kill('SIGKILL');
    await child;
    const orphans = await agentStarts(repo);
    // They outlived the orchestrator (the starting point of the bug).
    expect((await Promise.all(orphans.map(isAlive))).some(Boolean)).toBe(true);

    const resumed = await runCli(repo, PARALLEL);
    for (const pid of orphans) expect({ pid, alive: await isAlive(pid) }).toEqual({ pid, alive: false });
    expectOk(resumed);
    expect(resumed.events.some((e) => e.type === 'warning' && /stopped \d+ process group/.test(e.message))).toBe(true);
    await expectAllMergedOnce(repo);
  });

  it('SIGHUP (terminal closed) stops the agents and saves the journal, like Ctrl-C', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), SLOW_THEN_QUICK);
    const child = startCli(repo, PARALLEL);
    await waitFor(async () => (await agentStarts(repo)).length === 3, 'three agents to start');
    child.kill('SIGHUP');
    const ended = await child;
    expect({ exitCode: ended.exitCode, signal: ended.signal ?? null }).toEqual({ exitCode: 130, signal: null });
    const agents = await agentStarts(repo);
    await waitFor(async () => !(await Promise.all(agents.map(isAlive))).some(Boolean), 'the agents to be stopped', 20_000);
    const stories = await journalStories(repo);
    expect(Object.keys(stories).sort()).toEqual(IDS);
    expectOk(await runCli(repo, PARALLEL));
    await expectAllMergedOnce(repo);
  });
});

describe('B9/B12: killed while committing, or right after', () => {
  it('B12: a story that committed before the run was killed is merged on resume, its agent not run again', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'after-agent' });
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    const committed = IDS.filter((id) => crashed.events.some((e) => e.type === 'story:phase' && e.storyId === id && e.phase === 'commit'));
    expect(committed.length).toBeGreaterThanOrEqual(1);
    const stories = await journalStories(repo);
    for (const id of committed) expect(stories[id]?.state).toBe('running');

    const resumed = await runCli(repo, PARALLEL);
    expectOk(resumed);
    const calls = await invocations(repo);
    for (const id of committed) {
      expect({ id, agentRuns: calls.filter((c) => c.event === 'start' && c.storyId === id).length }).toEqual({ id, agentRuns: 1 });
    }
    await expectAllMergedOnce(repo);
  });

  it('B9: a story whose agent finished but whose commit never ran is committed on resume from its worktree, its agent not run again', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'before-commit' });
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    const stories = await journalStories(repo);
    const finished = Object.entries(stories).filter(([, s]) => s.state === 'running' && s.finished !== undefined);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    // Nothing was committed: the agent's file waits uncommitted in the worktree.
    for (const [id, story] of finished) {
      expect(await readFile(join(story.worktree ?? '', 'stories', `${id}.txt`), 'utf8')).toBe(`Story ${id}\n`);
      expect(crashed.events.some((e) => e.type === 'story:phase' && e.storyId === id && e.phase === 'commit')).toBe(false);
    }

    const resumed = await runCli(repo, PARALLEL);
    expectOk(resumed);
    const calls = await invocations(repo);
    for (const [id] of finished) {
      expect({ id, agentRuns: calls.filter((c) => c.event === 'start' && c.storyId === id).length }).toEqual({ id, agentRuns: 1 });
    }
    await expectAllMergedOnce(repo);
    expect(Object.values(await journalStories(repo)).filter((s) => s.finished !== undefined)).toEqual([]);
  });

  it('B9: lock files a killed git left in a story worktree are removed on resume (the story does not fail with "File exists")', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'after-agent' });
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    const stories = await journalStories(repo);
    const interrupted = Object.entries(stories).filter(([, s]) => s.state === 'running' && s.worktree !== null);
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    // What `git commit` / `git update-ref` killed mid-write leave behind.
    for (const [, story] of interrupted) {
      const gitDir = await gitDirOf(story.worktree ?? '');
      await writeFile(join(gitDir, 'index.lock'), '');
      await writeFile(join(gitDir, 'HEAD.lock'), '');
    }
    const slugDir = (await readdir(join(repo.dir, '.git', 'refs', 'heads', 'ralph-wt')))[0] ?? '';
    await writeFile(join(repo.dir, '.git', 'refs', 'heads', 'ralph-wt', slugDir, `${interrupted[0]?.[0] ?? ''}.lock`), '');
    // The integration branch's backup ref moves in the merge's ref transaction (found by the 20-trial soak in CI).
    const backups = join(repo.dir, '.git', 'refs', 'ralph-wt', 'backup');
    await mkdir(join(backups, slugDir), { recursive: true });
    await writeFile(join(backups, slugDir, 'integration.lock'), '');
    // Locks of the shared repository: the automatic maintenance a commit runs, and a branch deletion (random-kill soak).
    const shared = [join(repo.dir, '.git', 'objects', 'maintenance.lock'), join(repo.dir, '.git', 'packed-refs.lock')];
    for (const lock of shared) await writeFile(lock, '');

    const resumed = await runCli(repo, PARALLEL);
    expectOk(resumed);
    expect(resumed.events.some((e) => e.type === 'warning' && e.message.includes('lock file'))).toBe(true);
    await expectAllMergedOnce(repo);
    expect(shared.filter((lock) => existsSync(lock))).toEqual([]);
  });
});

/** What `git worktree add` killed half-way leaves: a locked entry with an empty HEAD, and a directory pointing at it. */
async function plantHalfCreatedWorktree(repo: TestRepo, path: string, name: string): Promise<void> {
  const entry = join(repo.dir, '.git', 'worktrees', name);
  await mkdir(entry, { recursive: true });
  await writeFile(join(entry, 'locked'), 'initializing');
  await writeFile(join(entry, 'commondir'), '../..\n');
  await writeFile(join(entry, 'gitdir'), `${join(path, '.git')}\n`);
  await writeFile(join(entry, 'HEAD'), '');
  await mkdir(path, { recursive: true });
  await writeFile(join(path, '.git'), `gitdir: ${entry}\n`);
  const fsck = await execa('git', ['fsck', '--full', '--no-progress'], { cwd: repo.dir, reject: false });
  expect(fsck.exitCode).not.toBe(0);
}

describe('B10: a git worktree add killed half-way', () => {
  it('the next run removes the half-created entry: git fsck --full is clean afterwards', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    await plantHalfCreatedWorktree(repo, ralph(repo, 'worktrees', 'US-2'), 'US-2');
    await plantHalfCreatedWorktree(repo, ralph(repo, 'worktrees', '.probe-1'), '.probe-1');
    expectOk(await runCli(repo, PARALLEL));
    await expectAllMergedOnce(repo);
  });

  it('`clean` removes it too', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    await plantHalfCreatedWorktree(repo, ralph(repo, 'worktrees', '.probe-1'), '.probe-1');
    const clean = await runCli(repo, ['clean']);
    expectOk(clean);
    const fsck = await execa('git', ['fsck', '--full', '--no-progress'], { cwd: repo.dir, reject: false });
    expect({ exit: fsck.exitCode, stderr: fsck.stderr }).toEqual({ exit: 0, stderr: '' });
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  });
});

describe('B8: quality gates have a timeout', () => {
  it('--gate-timeout kills a gate that hangs, and the story fails saying it timed out', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor([{ id: 'US-1' }]), {});
    const result = await runCli(repo, [...PARALLEL, '--gate', 'sleep 1000', '--gate-timeout', '2', '--max-iterations', '1', '--agent-timeout', '5']);
    expect(result.exitCode).toBe(1);
    const failed = result.events.find((e) => e.type === 'story:failed');
    expect(failed?.type === 'story:failed' ? failed.reason : '').toMatch(/quality gate timed out/);
    const log = await readFile(ralph(repo, 'logs', (await readdir(ralph(repo, 'logs')))[0] ?? '', 'US-1.log'), 'utf8');
    expect(log).toMatch(/timed out after 2s/);
  });
});

describe('B11/B19: clean with a custom --worktree-dir', () => {
  it('clean removes the worktrees of a crashed run wherever they are, lists them in --dry-run, and the next run succeeds', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    const args = [...PARALLEL, '--worktree-dir', '../wts'];
    const crashed = await runRaw(repo, args, { RALPH_WT_FAILPOINT: 'after-agent' });
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    const registered = (await repo.git(['worktree', 'list', '--porcelain'])).split('\n').filter((l) => l.startsWith('worktree ')).slice(1);
    expect(registered.length).toBeGreaterThanOrEqual(1);

    const dry = await runCli(repo, ['clean', '--dry-run']);
    expectOk(dry);
    for (const line of registered) expect(dry.stdout).toContain(`would remove worktree ${line.slice('worktree '.length)}`);
    expect((await repo.git(['worktree', 'list', '--porcelain'])).split('\n').filter((l) => l.startsWith('worktree ')).slice(1)).toEqual(registered);

    expectOk(await runCli(repo, ['clean']));
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    expect(await repo.git(['branch', '--list', 'ralph-wt/*'])).toBe('');
    expectOk(await runCli(repo, args));
    await expectAllMergedOnce(repo);
  });
});

describe('B23: a story removed from prd.json between a crash and the resume', () => {
  it('its worktree and branch go; its unmerged commit is kept on a conflicts branch, and the run says so', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor(IDS.map((id) => ({ id }))), STAGGERED);
    const crashed = await runRaw(repo, PARALLEL, { RALPH_WT_FAILPOINT: 'after-agent' });
    expect(diedOfSigkill(crashed)).toBe(true);
    await waitForAgentsToSettle(repo);
    const committed = IDS.find((id) => crashed.events.some((e) => e.type === 'story:phase' && e.storyId === id && e.phase === 'commit'));
    if (committed === undefined) throw new Error('no story committed before the crash');
    const removed = IDS.filter((id) => id === committed || id === 'US-3');
    const kept = IDS.filter((id) => !removed.includes(id));
    // The user drops the stories from prd.json (in the checkout the run reads it from).
    await writeFile(join(repo.dir, 'prd.json'), `${JSON.stringify(prdFor(kept.map((id) => ({ id }))), null, 2)}\n`);
    await repo.git(['commit', '--quiet', '-am', 'drop stories']);

    const resumed = await runCli(repo, PARALLEL);
    expectOk(resumed);
    const branches = (await repo.git(['branch', '--list', '--format=%(refname:short)', 'ralph-wt/*'])).split('\n').filter(Boolean);
    expect(branches).toHaveLength(1);
    expect(branches[0]).toMatch(new RegExp(`--conflicts/${committed}-1$`));
    expect(await repo.git(['log', '-1', '--format=%s', branches[0] ?? ''])).toMatch(new RegExp(`^feat\\(${committed}\\): `));
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    expect((await readdir(ralph(repo, 'worktrees')).catch(() => [])).filter((n) => removed.includes(n))).toEqual([]);
    for (const id of kept) expect(await repo.git(['show', `ralph/test:stories/${id}.txt`])).toBe(`Story ${id}`);
    const warnings = resumed.events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
    expect(warnings.some((w) => w.startsWith(`${committed} is no longer in prd.json`) && w.includes('kept on branch'))).toBe(true);
  });
});

describe('B17: an agent that deletes its worktree\'s .git', () => {
  it('leaves a directory that `clean --dry-run` lists and the next run removes', async () => {
    const repo = await repos.make({ 'README.md': '# app\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': [{ delete: ['.git'], write: { 'stories/{id}.txt': '{title}\n' }, complete: true }, { write: { 'stories/{id}.txt': '{title}\n' }, complete: true }],
      'US-2': { write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
    });
    const first = await runCli(repo, [...PARALLEL, '--max-iterations', '1']);
    expect(first.exitCode).toBe(1);
    const orphanDir = ralph(repo, 'worktrees', 'US-1');
    expect((await readdir(orphanDir)).includes('.git')).toBe(false);
    const dry = await runCli(repo, ['clean', '--dry-run']);
    expect(dry.stdout).toContain(`would remove directory ${orphanDir}`);

    const second = await runCli(repo, [...PARALLEL, '--max-iterations', '1']);
    expectOk(second);
    await expectAllMergedOnce(repo, ['US-1', 'US-2']);
    expect(await readdir(ralph(repo, 'worktrees')).catch(() => [])).toEqual([]);
  });
});
