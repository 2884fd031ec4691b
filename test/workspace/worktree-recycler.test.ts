import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, revParse } from '../../src/workspace/git.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import { pathExists as exists } from '../../src/util/path-exists.js';
import { WorktreeRecycler } from '../../src/workspace/worktree-recycler.js';
import { createWorktree, listWorktrees } from '../../src/workspace/worktrees.js';
import { commitFiles, makeRepo, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

describe('WorktreeRecycler', () => {
  let repo: TestRepo;
  let base: string;
  const mutex = new GitMutex();
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n' });
    base = join(repo.dir, '.git', 'ralph-wt', 'worktrees');
  });
  afterEach(() => repo.cleanup());

  async function finishedStory(id: string): Promise<string> {
    const path = join(base, id);
    await createWorktree({ repoRoot: repo.dir, path, branch: `story/${id}`, base: 'main', mutex });
    await commitFiles(path, { [`${id}.txt`]: `${id}\n` }, id);
    await writeFile(join(path, 'leftover.tmp'), 'untracked\n');
    return path;
  }

  it('moves a released worktree to the next story, on a new branch at the given base, without the leftovers', async () => {
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    const first = await finishedStory('S-1');
    recycler.release(first);
    expect(recycler.size).toBe(1);
    const next = join(base, 'S-2');
    expect(await recycler.reuse(next, 'story/S-2', repo.initial)).toEqual({ reusedBranch: false });
    expect(await exists(first)).toBe(false);
    expect(await revParse(next, 'HEAD')).toBe(repo.initial);
    expect((await git(['symbolic-ref', '--short', 'HEAD'], { cwd: next })).stdout).toBe('story/S-2');
    expect(await exists(join(next, 'S-1.txt'))).toBe(false);
    expect(await exists(join(next, 'leftover.tmp'))).toBe(false);
    // The released story's branch keeps its work.
    expect(await revParse(repo.dir, 'story/S-1')).not.toBe(repo.initial);
  });

  it('never resets a branch that already exists (an interrupted run’s work): it checks it out as it is', async () => {
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    recycler.release(await finishedStory('S-1'));
    const earlier = await commitFiles(repo.dir, { 'wip.txt': 'work in progress\n' }, 'earlier attempt');
    await git(['branch', 'story/S-2', earlier], { cwd: repo.dir });
    await git(['reset', '--hard', '-q', repo.initial], { cwd: repo.dir });
    const next = join(base, 'S-2');
    expect(await recycler.reuse(next, 'story/S-2', repo.initial)).toEqual({ reusedBranch: true });
    expect(await revParse(next, 'HEAD')).toBe(earlier);
    expect(await readFile(join(next, 'wip.txt'), 'utf8')).toBe('work in progress\n');
  });

  it('gives a story that runs again its own worktree back, without moving anything', async () => {
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    const other = await finishedStory('S-0');
    const own = await finishedStory('S-1');
    recycler.release(own);
    recycler.release(other);
    // As the merge lane does after a conflict (the worktree still has the branch checked out).
    await git(['update-ref', '-d', 'refs/heads/story/S-1'], { cwd: repo.dir });
    expect(await recycler.reuse(own, 'story/S-1', repo.initial)).toEqual({ reusedBranch: false });
    expect(await exists(other)).toBe(true);
    expect(recycler.size).toBe(1);
  });

  it('has nothing to give when none was released, and drain removes every kept worktree', async () => {
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    expect(await recycler.reuse(join(base, 'S-9'), 'story/S-9', repo.initial)).toBeNull();
    recycler.release(await finishedStory('S-1'));
    recycler.release(await finishedStory('S-2'));
    await recycler.drain();
    expect(recycler.size).toBe(0);
    expect((await listWorktrees(repo.dir)).map((w) => w.path)).toEqual([repo.dir]);
  });

  it('adopts an interrupted run’s detached worktrees once, even when a resumed merge releases one of them again', async () => {
    const left = join(base, 'S-1');
    await createWorktree({ repoRoot: repo.dir, path: left, branch: 'story/S-1', base: 'main', mutex });
    await git(['checkout', '--quiet', '--detach'], { cwd: left });
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    await recycler.adopt(base);
    await recycler.adopt(base);
    recycler.release(left);
    expect(recycler.size).toBe(1);
  });

  it('adopts worktrees on branches it is told are released, and leaves one that may hold an interrupted story’s work', async () => {
    await createWorktree({ repoRoot: repo.dir, path: join(base, 'S-1'), branch: 'story/S-1', base: 'main', mutex });
    await createWorktree({ repoRoot: repo.dir, path: join(base, 'S-2'), branch: 'story/S-2', base: 'main', mutex });
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    await recycler.adopt(base, (branch) => branch === 'refs/heads/story/S-1');
    expect(recycler.size).toBe(1);
    // S-1's worktree goes to S-3; S-1's branch and commits are untouched.
    const s1 = await revParse(repo.dir, 'story/S-1');
    expect(await recycler.reuse(join(base, 'S-3'), 'story/S-3', repo.initial)).toEqual({ reusedBranch: false });
    expect(await revParse(repo.dir, 'story/S-1')).toBe(s1);
    expect(await exists(join(base, 'S-2'))).toBe(true);
  });

  it('a story whose path holds an interrupted worktree takes nothing, so a story reusing its own worktree at the same moment finds it', async () => {
    await createWorktree({ repoRoot: repo.dir, path: join(base, 'S-2'), branch: 'story/S-2', base: 'main', mutex });
    for (const name of ['S-4', 'spare']) await git(['worktree', 'add', '--quiet', '--detach', join(base, name), 'main'], { cwd: repo.dir });
    const recycler = new WorktreeRecycler(repo.dir, mutex);
    await recycler.adopt(base);
    expect(recycler.size).toBe(2);
    const [interrupted, own] = await Promise.all([
      recycler.reuse(join(base, 'S-2'), 'story/S-2', repo.initial),
      recycler.reuse(join(base, 'S-4'), 'story/S-4', repo.initial),
    ]);
    expect(interrupted).toBeNull();
    expect(own).toEqual({ reusedBranch: false });
    expect((await git(['symbolic-ref', '--short', 'HEAD'], { cwd: join(base, 'S-4') })).stdout).toBe('story/S-4');
    expect(recycler.size).toBe(1);
  });
});
