import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, revParse } from '../../src/workspace/git.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import { enforceHead, snapshotBranches, type GuardTarget } from '../../src/workspace/head-guard.js';
import { commitFiles, makeRepo, tempDir, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

/** What an agent may do to its worktree's HEAD and the repository's branches, and how it is undone. */
describe('the head guard', () => {
  let repo: TestRepo;
  let scratch: string;
  let wt: string;
  let base: string;
  const mutex = new GitMutex();
  const STORY = 'refs/heads/ralph-wt/s/US-1';

  beforeEach(async () => {
    repo = await makeRepo({ 'shared.txt': 'base\n' });
    // main moves on after the story's base: checking it out changes files.
    base = repo.initial;
    await git(['branch', 'feature'], { cwd: repo.dir });
    await commitFiles(repo.dir, { 'main-only.txt': 'main\n' }, 'main moves on');
    await git(['checkout', '-q', '--detach'], { cwd: repo.dir });
    scratch = await tempDir();
    wt = join(scratch, 'wt');
    await git(['worktree', 'add', '-q', '-b', 'ralph-wt/s/US-1', wt, base], { cwd: repo.dir });
  });
  afterEach(async () => {
    await repo.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  const target = (): GuardTarget => ({ cwd: wt, repoRoot: repo.dir, branch: STORY, base, exclude: [], runMoves: (ref) => ref.startsWith('refs/heads/ralph-wt/') && ref !== STORY, integration: null, mutex });
  const head = async (): Promise<string> => (await git(['symbolic-ref', 'HEAD'], { cwd: wt })).stdout.trim();

  it('does nothing when the agent stayed on its branch', async () => {
    const before = await snapshotBranches(wt);
    await commitFiles(wt, { 'mine.txt': 'x\n' }, 'agent commit');
    expect(await enforceHead(target(), before)).toEqual({ ok: true, repaired: null, restored: [] });
  });

  it('an agent that checked out main and committed there: main is put back, the work is on the story branch', async () => {
    const mainBefore = await revParse(repo.dir, 'main');
    const before = await snapshotBranches(wt);
    await git(['checkout', '-q', 'main'], { cwd: wt });
    await commitFiles(wt, { 'mine.txt': 'agent work\n' }, 'agent commits on main');
    await writeFile(join(wt, 'pending.txt'), 'not committed\n');
    const outcome = await enforceHead(target(), before);
    expect(outcome.ok).toBe(true);
    expect(outcome.restored).toEqual([expect.stringMatching(/^main \(back at/)]);
    expect(await revParse(repo.dir, 'main')).toBe(mainBefore);
    expect(await head()).toBe(STORY);
    expect(await revParse(wt, 'HEAD')).toBe(base);
    // The agent's changes, not main's: main-only.txt (main's, not the agent's) is gone again.
    const status = (await git(['status', '--porcelain', '--untracked-files=all'], { cwd: wt })).stdout.split('\n').sort();
    expect(status).toEqual(['A  mine.txt', 'A  pending.txt']);
    expect(await readFile(join(wt, 'mine.txt'), 'utf8')).toBe('agent work\n');
  });

  it('a detached HEAD with edits: back on the branch, the edits kept', async () => {
    const before = await snapshotBranches(wt);
    await git(['checkout', '-q', '--detach'], { cwd: wt });
    await writeFile(join(wt, 'shared.txt'), 'edited\n');
    const outcome = await enforceHead(target(), before);
    expect(outcome).toMatchObject({ ok: true, repaired: expect.stringContaining('detached HEAD') });
    expect(await head()).toBe(STORY);
    expect(await readFile(join(wt, 'shared.txt'), 'utf8')).toBe('edited\n');
  });

  it('a story branch reset onto an unrelated commit is put back where it was', async () => {
    const orphan = (await git(['commit-tree', '4b825dc642cb6eb9a060e54bf8d69288fbee4904', '-m', 'empty'], { cwd: wt })).stdout.trim();
    const before = await snapshotBranches(wt);
    await git(['reset', '-q', '--hard', orphan], { cwd: wt });
    await writeFile(join(wt, 'mine.txt'), 'x\n');
    const outcome = await enforceHead(target(), before);
    expect(outcome.ok).toBe(true);
    expect(await revParse(wt, 'HEAD')).toBe(base);
    expect(await readFile(join(wt, 'shared.txt'), 'utf8')).toBe('base\n');
    expect(await readFile(join(wt, 'mine.txt'), 'utf8')).toBe('x\n');
  });

  it('fails with a reason when the agent’s work overlaps what separates its checkout from the branch', async () => {
    const before = await snapshotBranches(wt);
    await git(['checkout', '-q', 'main'], { cwd: wt });
    await writeFile(join(wt, 'main-only.txt'), 'agent edits a file the story branch lacks\n');
    const outcome = await enforceHead(target(), before);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining('main-only.txt') });
  });

  it('a branch held by another checkout (the user committing there) is not put back', async () => {
    const other = join(scratch, 'user');
    await git(['worktree', 'add', '-q', other, 'feature'], { cwd: repo.dir });
    const before = await snapshotBranches(wt);
    const userCommit = await commitFiles(other, { 'user.txt': 'u\n' }, 'user work');
    expect(await enforceHead(target(), before)).toEqual({ ok: true, repaired: null, restored: [] });
    expect(await revParse(repo.dir, 'feature')).toBe(userCommit);
  });
});
