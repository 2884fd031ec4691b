import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, GitError, revParse } from '../../src/workspace/git.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import {
  createWorktree,
  defaultWorktreeBase,
  listWorktrees,
  parseWorktreeList,
  pruneStaleWorktrees,
  ralphDir,
  removeWorktree,
  worktreePathFor,
} from '../../src/workspace/worktrees.js';
import { commitFiles, makeRepo, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('worktrees', () => {
  let repo: TestRepo;
  let base: string;
  const mutex = new GitMutex();

  beforeEach(async () => {
    repo = await makeRepo({ 'src/app.ts': 'export const x = 1;\n' });
    base = defaultWorktreeBase(await ralphDir(repo.dir));
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it('keeps worktrees inside the git dir, the same from any worktree', async () => {
    expect(await ralphDir(repo.dir)).toBe(join(repo.dir, '.git', 'ralph-wt'));
    expect(worktreePathFor(base, 'US 1')).toMatch(/worktrees\/US-1-[0-9a-f]{10}$/);
    const path = worktreePathFor(base, 'US-1');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-1', base: 'main', mutex });
    expect(await ralphDir(path)).toBe(join(repo.dir, '.git', 'ralph-wt'));
  });

  it('creates a worktree on a new branch from base without touching the main checkout', async () => {
    const path = worktreePathFor(base, 'US-1');
    const result = await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-1', base: 'main', mutex });
    expect(result).toEqual({ reusedWorktree: false, reusedBranch: false, removedLeftover: false });
    expect(await readFile(join(path, 'src/app.ts'), 'utf8')).toBe('export const x = 1;\n');
    expect(await revParse(repo.dir, 'ralph-wt/s/US-1')).toBe(repo.initial);
    expect((await git(['symbolic-ref', '--short', 'HEAD'], { cwd: repo.dir })).stdout).toBe('main');
    // --no-track: no upstream configured for story branches.
    expect((await git(['config', '--get', 'branch.ralph-wt/s/US-1.merge'], { cwd: repo.dir, reject: false })).exitCode).toBe(1);
    const listed = await listWorktrees(repo.dir);
    expect(listed.map((w) => w.path)).toEqual([repo.dir, path]);
    expect(listed[1]).toMatchObject({ branch: 'refs/heads/ralph-wt/s/US-1', head: repo.initial, detached: false });
  });

  it('reuses a registered worktree untouched, and an existing branch with its commits', async () => {
    const path = worktreePathFor(base, 'US-1');
    const branch = 'ralph-wt/s/US-1';
    await createWorktree({ repoRoot: repo.dir, path, branch, base: 'main', mutex });
    await writeFile(join(path, 'wip.txt'), 'agent work in progress');
    const again = await createWorktree({ repoRoot: repo.dir, path, branch, base: 'main', mutex });
    expect(again).toEqual({ reusedWorktree: true, reusedBranch: true, removedLeftover: false });
    expect(await readFile(join(path, 'wip.txt'), 'utf8')).toBe('agent work in progress');

    const storyCommit = await commitFiles(path, { 'feature.ts': 'done' }, 'story work');
    await removeWorktree({ repoRoot: repo.dir, path, mutex, force: true });
    expect(await exists(path)).toBe(false);
    expect(await revParse(repo.dir, branch)).toBe(storyCommit);

    await commitFiles(repo.dir, { 'main-moved.txt': 'x' }, 'main moves on');
    const resumed = await createWorktree({ repoRoot: repo.dir, path, branch, base: 'main', mutex });
    expect(resumed.reusedBranch).toBe(true);
    expect(await revParse(path, 'HEAD')).toBe(storyCommit);
    expect(await exists(join(path, 'main-moved.txt'))).toBe(false);
  });

  it('puts the branch on a detached worktree a crashed run left at the story path (an existing branch as it is)', async () => {
    const path = worktreePathFor(base, 'US-7');
    await git(['worktree', 'add', '--quiet', '--detach', path, 'main'], { cwd: repo.dir });
    const fresh = await createWorktree({ repoRoot: repo.dir, path, branch: 'story/US-7', base: 'main', mutex });
    expect(fresh).toEqual({ reusedWorktree: true, reusedBranch: false, removedLeftover: false });
    expect((await git(['symbolic-ref', '--short', 'HEAD'], { cwd: path })).stdout).toBe('story/US-7');

    const work = await commitFiles(path, { 'work.txt': 'kept\n' }, 'earlier work');
    await git(['checkout', '--quiet', '--detach', 'main'], { cwd: path });
    const again = await createWorktree({ repoRoot: repo.dir, path, branch: 'story/US-7', base: 'main', mutex });
    expect(again.reusedBranch).toBe(true);
    expect(await revParse(path, 'HEAD')).toBe(work);
  });

  it('recovers from a worktree directory deleted by hand (stale registration)', async () => {
    const path = worktreePathFor(base, 'US-2');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-2', base: 'main', mutex });
    await rm(path, { recursive: true, force: true });
    const result = await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-2', base: 'main', mutex });
    expect(result.reusedWorktree).toBe(false);
    expect(result.reusedBranch).toBe(true);
    expect(await exists(join(path, 'src/app.ts'))).toBe(true);
  });

  it('recovers from a locked registration whose directory is gone', async () => {
    const path = worktreePathFor(base, 'US-8');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-8', base: 'main', mutex });
    await git(['worktree', 'lock', path], { cwd: repo.dir });
    await rm(path, { recursive: true, force: true });
    const result = await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-8', base: 'main', mutex });
    expect(result.reusedWorktree).toBe(false);
    expect(await exists(join(path, 'src/app.ts'))).toBe(true);
  });

  it('deletes a leftover worktree directory git no longer knows, but refuses a foreign directory', async () => {
    const leftover = worktreePathFor(base, 'US-3');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, '.git'), 'gitdir: /nowhere/.git/worktrees/US-3\n');
    await writeFile(join(leftover, 'junk.txt'), 'x');
    const result = await createWorktree({ repoRoot: repo.dir, path: leftover, branch: 'ralph-wt/s/US-3', base: 'main', mutex });
    expect(result.removedLeftover).toBe(true);
    expect(await exists(join(leftover, 'junk.txt'))).toBe(false);

    const foreign = worktreePathFor(base, 'US-4');
    await mkdir(foreign, { recursive: true });
    await writeFile(join(foreign, 'precious.txt'), 'keep me');
    await expect(createWorktree({ repoRoot: repo.dir, path: foreign, branch: 'ralph-wt/s/US-4', base: 'main', mutex })).rejects.toThrow(
      /not a leftover worktree/,
    );
    expect(await readFile(join(foreign, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a path registered for another branch', async () => {
    const path = worktreePathFor(base, 'US-5');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-5', base: 'main', mutex });
    await expect(createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/other', base: 'main', mutex })).rejects.toBeInstanceOf(GitError);
  });

  it('creates several worktrees concurrently through one mutex', async () => {
    const ids = ['A', 'B', 'C', 'D'];
    await Promise.all(
      ids.map((id) => createWorktree({ repoRoot: repo.dir, path: worktreePathFor(base, id), branch: `ralph-wt/s/${id}`, base: 'main', mutex })),
    );
    const listed = await listWorktrees(repo.dir);
    expect(listed).toHaveLength(5);
    await Promise.all(ids.map((id) => removeWorktree({ repoRoot: repo.dir, path: worktreePathFor(base, id), mutex })));
    expect(await listWorktrees(repo.dir)).toHaveLength(1);
  });

  it('removeWorktree refuses local changes without force, and is idempotent', async () => {
    const path = worktreePathFor(base, 'US-6');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-6', base: 'main', mutex });
    await writeFile(join(path, 'src/app.ts'), 'changed');
    await expect(removeWorktree({ repoRoot: repo.dir, path, mutex })).rejects.toBeInstanceOf(GitError);
    expect(await exists(path)).toBe(true);
    await removeWorktree({ repoRoot: repo.dir, path, mutex, force: true });
    expect(await exists(path)).toBe(false);
    await removeWorktree({ repoRoot: repo.dir, path, mutex, force: true });
    expect(await revParse(repo.dir, 'ralph-wt/s/US-6')).toBe(repo.initial);
  });

  it('removes a locked worktree only with force', async () => {
    const path = worktreePathFor(base, 'US-7');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-7', base: 'main', mutex });
    await git(['worktree', 'lock', '--reason', 'testing', path], { cwd: repo.dir });
    expect((await listWorktrees(repo.dir))[1]?.locked).toBe('testing');
    await expect(removeWorktree({ repoRoot: repo.dir, path, mutex })).rejects.toBeInstanceOf(GitError);
    await removeWorktree({ repoRoot: repo.dir, path, mutex, force: true });
    expect(await listWorktrees(repo.dir)).toHaveLength(1);
  });

  it('prunes stale registrations and leftover dirs, keeping registered worktrees and foreign files', async () => {
    const live = worktreePathFor(base, 'live');
    const gone = worktreePathFor(base, 'gone');
    await createWorktree({ repoRoot: repo.dir, path: live, branch: 'ralph-wt/s/live', base: 'main', mutex });
    await createWorktree({ repoRoot: repo.dir, path: gone, branch: 'ralph-wt/s/gone', base: 'main', mutex });
    await rm(gone, { recursive: true, force: true });
    const empty = join(base, 'empty');
    await mkdir(empty, { recursive: true });
    const foreign = join(base, 'notes');
    await mkdir(foreign, { recursive: true });
    await writeFile(join(foreign, 'keep.txt'), 'x');

    const result = await pruneStaleWorktrees(repo.dir, base, { mutex });
    expect(result).toEqual({ removedDirs: [empty], removedWorktrees: [] });
    expect((await listWorktrees(repo.dir)).map((w) => w.path)).toEqual([repo.dir, live]);
    expect(await exists(join(foreign, 'keep.txt'))).toBe(true);

    const all = await pruneStaleWorktrees(repo.dir, base, { removeRegistered: true });
    expect(all.removedWorktrees).toEqual([live]);
    expect(await listWorktrees(repo.dir)).toHaveLength(1);
    expect(await pruneStaleWorktrees(repo.dir, join(base, 'missing'))).toEqual({ removedDirs: [], removedWorktrees: [] });
  });
});

describe('parseWorktreeList', () => {
  it('parses porcelain records including bare, detached, locked and prunable entries', () => {
    const text = [
      'worktree /repo',
      'bare',
      '',
      'worktree /wt/a',
      'HEAD 1111111111111111111111111111111111111111',
      'branch refs/heads/a',
      'locked',
      '',
      'worktree /wt/b',
      'HEAD 2222222222222222222222222222222222222222',
      'detached',
      'prunable gitdir file points to non-existent location',
      '',
    ];
    expect(parseWorktreeList(text)).toEqual([
      { path: '/repo', head: null, branch: null, detached: false, bare: true, locked: null, prunable: null },
      { path: '/wt/a', head: '1111111111111111111111111111111111111111', branch: 'refs/heads/a', detached: false, bare: false, locked: '', prunable: null },
      {
        path: '/wt/b',
        head: '2222222222222222222222222222222222222222',
        branch: null,
        detached: true,
        bare: false,
        locked: null,
        prunable: 'gitdir file points to non-existent location',
      },
    ]);
  });
});
