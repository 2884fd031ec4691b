import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  currentBranch,
  git,
  GitError,
  gitCommonDir,
  gitVersion,
  hasCommits,
  isClean,
  isValidBranchName,
  mergeBase,
  parseGitVersion,
  refExists,
  repoRoot,
  revParse,
  supportsMergeTreeWriteTree,
  supportsWorktrees,
  versionAtLeast,
} from '../../src/workspace/git.js';
import { commitFiles, makeRepo, tempDir, useTestGitEnv, type TestRepo } from './helpers.js';
import { rm, mkdir } from 'node:fs/promises';

useTestGitEnv();

describe('git wrapper', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await makeRepo();
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it('returns output and throws GitError naming the command and stderr', async () => {
    const ok = await git(['rev-parse', 'HEAD'], { cwd: repo.dir });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toBe(repo.initial);
    const error = await git(['rev-parse', '--verify', 'no-such-branch'], { cwd: repo.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    const gitError = error as GitError;
    expect(gitError.exitCode).toBe(128);
    expect(gitError.args).toEqual(['rev-parse', '--verify', 'no-such-branch']);
    expect(gitError.message).toContain('git rev-parse --verify no-such-branch');
    expect(gitError.stderr).toContain('Needed a single revision');
  });

  it('reports the exit code without throwing when reject is false, and passes input and env', async () => {
    const result = await git(['diff', '--quiet', 'HEAD'], { cwd: repo.dir, reject: false });
    expect(result.exitCode).toBe(0);
    await writeFile(join(repo.dir, 'README.md'), 'changed\n');
    expect((await git(['diff', '--quiet'], { cwd: repo.dir, reject: false })).exitCode).toBe(1);
    const blob = await git(['hash-object', '--stdin'], { cwd: repo.dir, input: 'hello\n' });
    expect(blob.stdout).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const ident = await git(['var', 'GIT_AUTHOR_IDENT'], { cwd: repo.dir, env: { GIT_AUTHOR_NAME: 'Env Person' } });
    expect(ident.stdout).toMatch(/^Env Person </);
  });

  it('treats a shell metacharacter argument as plain data', async () => {
    const marker = join(repo.dir, 'pwned');
    const result = await git(['rev-parse', '--verify', '--quiet', `$(touch ${marker})`], { cwd: repo.dir, reject: false });
    expect(result.exitCode).not.toBe(0);
    await expect(import('node:fs/promises').then((fs) => fs.stat(marker))).rejects.toThrow();
  });

  it('throws a GitError when the cwd does not exist', async () => {
    await expect(git(['status'], { cwd: join(repo.dir, 'missing') })).rejects.toBeInstanceOf(GitError);
  });

  it('finds root, common dir, branch and revisions, also from a linked worktree', async () => {
    await mkdir(join(repo.dir, 'sub'));
    expect(await repoRoot(join(repo.dir, 'sub'))).toBe(repo.dir);
    expect(await gitCommonDir(join(repo.dir, 'sub'))).toBe(join(repo.dir, '.git'));
    const parent = await tempDir();
    const wt = join(parent, 'wt');
    await git(['worktree', 'add', '-q', '-b', 'side', wt], { cwd: repo.dir });
    try {
      expect(await repoRoot(wt)).toBe(wt);
      expect(await gitCommonDir(wt)).toBe(join(repo.dir, '.git'));
      expect(await currentBranch(wt)).toBe('side');
    } finally {
      await git(['worktree', 'remove', '--force', wt], { cwd: repo.dir });
      await rm(parent, { recursive: true, force: true });
    }
    expect(await currentBranch(repo.dir)).toBe('main');
    expect(await revParse(repo.dir, 'main')).toBe(repo.initial);
    expect(await revParse(repo.dir, 'nope')).toBeNull();
    expect(await revParse(repo.dir, '--all')).toBeNull();
    expect(await refExists(repo.dir, 'refs/heads/main')).toBe(true);
    expect(await refExists(repo.dir, 'refs/heads/nope')).toBe(false);
    await git(['checkout', '-q', '--detach'], { cwd: repo.dir });
    expect(await currentBranch(repo.dir)).toBeNull();
  });

  it('isClean ignores untracked files but not modified or staged ones', async () => {
    expect(await isClean(repo.dir)).toBe(true);
    await writeFile(join(repo.dir, 'untracked.txt'), 'x');
    expect(await isClean(repo.dir)).toBe(true);
    await writeFile(join(repo.dir, 'README.md'), 'modified\n');
    expect(await isClean(repo.dir)).toBe(false);
    await git(['add', 'README.md'], { cwd: repo.dir });
    expect(await isClean(repo.dir)).toBe(false);
    await git(['commit', '-q', '-m', 'c'], { cwd: repo.dir });
    expect(await isClean(repo.dir)).toBe(true);
  });

  it('hasCommits and mergeBase', async () => {
    expect(await hasCommits(repo.dir)).toBe(true);
    const empty = await tempDir();
    try {
      await git(['init', '-q', empty], { cwd: empty });
      expect(await hasCommits(empty)).toBe(false);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    await git(['branch', 'other'], { cwd: repo.dir });
    const next = await commitFiles(repo.dir, { 'a.txt': 'a' }, 'a');
    expect(await mergeBase(repo.dir, next, 'other')).toBe(repo.initial);
    await git(['checkout', '-q', '--orphan', 'lonely'], { cwd: repo.dir });
    const lonely = await commitFiles(repo.dir, { 'b.txt': 'b' }, 'b');
    expect(await mergeBase(repo.dir, lonely, 'main')).toBeNull();
  });

  it('parses versions and checks features', async () => {
    expect(parseGitVersion('git version 2.39.5')).toMatchObject({ major: 2, minor: 39, patch: 5 });
    expect(parseGitVersion('git version 2.37.1 (Apple Git-137.1)')).toMatchObject({ major: 2, minor: 37, patch: 1 });
    expect(parseGitVersion('git version 2.41.0.windows.1')).toMatchObject({ major: 2, minor: 41 });
    expect(() => parseGitVersion('nonsense')).toThrow();
    const version = await gitVersion();
    expect(versionAtLeast(version, 2, 17)).toBe(await supportsWorktrees());
    expect(versionAtLeast(version, 2, 38)).toBe(await supportsMergeTreeWriteTree());
    expect(versionAtLeast({ major: 3, minor: 0, patch: 0, raw: '' }, 2, 38)).toBe(true);
    expect(versionAtLeast({ major: 2, minor: 37, patch: 9, raw: '' }, 2, 38)).toBe(false);
  });

  it('validates branch names without expanding @{-1}', async () => {
    expect(await isValidBranchName(repo.dir, 'ralph/feature-1')).toBe(true);
    for (const bad of ['', '-x', 'HEAD', '@{-1}', 'a..b', 'a b', 'x.lock', 'a/', '/a']) {
      expect(await isValidBranchName(repo.dir, bad)).toBe(false);
    }
  });
});
