import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, revParse } from '../../src/workspace/git.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import { BranchCheckedOutError, ensureBranch, updateRefWithBackup } from '../../src/workspace/integration.js';
import { commitFiles, makeRepo, tempDir, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

/** updateRefWithBackup never moves a branch under a checkout that has it: carried along when clean, refused otherwise. */
describe('moving a branch that a checkout has checked out', () => {
  let repo: TestRepo;
  let scratch: string;
  const mutex = new GitMutex();
  const REF = 'refs/heads/ralph/feature';

  beforeEach(async () => {
    repo = await makeRepo({ 'shared.txt': 'base\n', 'other.txt': 'other\n' });
    scratch = await tempDir();
  });
  afterEach(async () => {
    await repo.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  /** A commit on top of the branch, made in a throwaway detached worktree: nothing moves. */
  async function nextCommit(from: string): Promise<string> {
    const wt = join(scratch, 'maker');
    await git(['worktree', 'add', '-q', '--detach', wt, from], { cwd: repo.dir });
    const sha = await commitFiles(wt, { 'shared.txt': 'rewritten\n', 'added.txt': 'new\n' }, 'next');
    await git(['worktree', 'remove', '--force', wt], { cwd: repo.dir });
    return sha;
  }

  async function move(before: string, after: string, ownWorktree?: (path: string) => boolean): Promise<void> {
    await updateRefWithBackup({ repoRoot: repo.dir, ref: REF, newSha: after, expectedOldSha: before, backupRef: 'refs/ralph-wt/backup/s/t', mutex, ...(ownWorktree ? { ownWorktree } : {}) });
  }

  it('carries a clean checkout along: files and index follow, untracked files stay', async () => {
    const before = (await ensureBranch(repo.dir, 'ralph/feature')).sha;
    await git(['checkout', '-q', 'ralph/feature'], { cwd: repo.dir });
    await writeFile(join(repo.dir, 'notes.txt'), 'untracked');
    const after = await nextCommit(before);
    await move(before, after);
    expect(await revParse(repo.dir, 'ralph/feature')).toBe(after);
    expect(await readFile(join(repo.dir, 'added.txt'), 'utf8')).toBe('new\n');
    expect((await git(['status', '--porcelain'], { cwd: repo.dir })).stdout).toBe('?? notes.txt');
  });

  it('refuses when the checkout has local changes: nothing moves, the edit stays', async () => {
    const before = (await ensureBranch(repo.dir, 'ralph/feature')).sha;
    const other = join(scratch, 'other');
    await git(['worktree', 'add', '-q', other, 'ralph/feature'], { cwd: repo.dir });
    await writeFile(join(other, 'other.txt'), 'my edit\n');
    const after = await nextCommit(before);
    const error = await move(before, after).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BranchCheckedOutError);
    expect((error as BranchCheckedOutError).path).toBe(other);
    expect(await revParse(repo.dir, 'ralph/feature')).toBe(before);
    expect((await git(['status', '--porcelain'], { cwd: other })).stdout).toBe(' M other.txt');
  });

  it('refuses (and leaves the ref where it was) when an untracked file would be overwritten', async () => {
    const before = (await ensureBranch(repo.dir, 'ralph/feature')).sha;
    await git(['checkout', '-q', 'ralph/feature'], { cwd: repo.dir });
    await writeFile(join(repo.dir, 'added.txt'), 'mine, untracked');
    const after = await nextCommit(before);
    await expect(move(before, after)).rejects.toBeInstanceOf(BranchCheckedOutError);
    expect(await revParse(repo.dir, 'ralph/feature')).toBe(before);
    expect(await readFile(join(repo.dir, 'added.txt'), 'utf8')).toBe('mine, untracked');
    expect((await git(['status', '--porcelain', '--untracked-files=no'], { cwd: repo.dir })).stdout).toBe('');
  });

  it('leaves the caller’s own worktrees alone (their HEAD is the caller’s business)', async () => {
    const before = (await ensureBranch(repo.dir, 'ralph/feature')).sha;
    const own = join(scratch, 'own');
    await git(['worktree', 'add', '-q', own, 'ralph/feature'], { cwd: repo.dir });
    await writeFile(join(own, 'other.txt'), 'an agent at work\n');
    const after = await nextCommit(before);
    await move(before, after, (path) => path === own);
    expect(await revParse(repo.dir, 'ralph/feature')).toBe(after);
    expect(await readFile(join(own, 'other.txt'), 'utf8')).toBe('an agent at work\n');
    expect(await readFile(join(own, 'shared.txt'), 'utf8')).toBe('base\n');
  });
});
