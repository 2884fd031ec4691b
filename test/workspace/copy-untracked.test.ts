import { chmod, lstat, readFile, readlink, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { copyUntracked } from '../../src/workspace/copy-untracked.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import { createWorktree, defaultWorktreeBase, ralphDir, worktreePathFor } from '../../src/workspace/worktrees.js';
import { InputError } from '../../src/util/errors.js';
import { makeRepo, useTestGitEnv, writeFiles, type TestRepo } from './helpers.js';

useTestGitEnv();

describe('copyUntracked', () => {
  let repo: TestRepo;
  let worktree: string;

  beforeEach(async () => {
    repo = await makeRepo({ 'config/settings.json': '{"tracked":true}\n', 'README.md': 'readme\n' });
    worktree = worktreePathFor(defaultWorktreeBase(await ralphDir(repo.dir)), 'US-1');
    await createWorktree({ repoRoot: repo.dir, path: worktree, branch: 'ralph-wt/s/US-1', base: 'main', mutex: new GitMutex() });
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it('copies untracked matches (dotfiles too) and skips tracked files', async () => {
    await writeFiles(repo.dir, {
      '.env': 'SECRET=1\n',
      '.env.local': 'LOCAL=1\n',
      'config/local.json': '{"local":true}\n',
      'config/settings.json': '{"tracked":"but modified in main"}\n',
      'other.txt': 'not matched',
    });
    await chmod(join(repo.dir, '.env'), 0o600);
    const copied = await copyUntracked({ from: repo.dir, to: worktree, globs: ['.env*', 'config/*.json', 'README.md'] });
    expect(copied).toEqual(['.env', '.env.local', 'config/local.json']);
    expect(await readFile(join(worktree, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect((await stat(join(worktree, '.env'))).mode & 0o777).toBe(0o600);
    // Tracked file keeps the committed content in the worktree.
    expect(await readFile(join(worktree, 'config/settings.json'), 'utf8')).toBe('{"tracked":true}\n');
    await expect(stat(join(worktree, 'other.txt'))).rejects.toThrow();
  });

  it('does not overwrite files already in the worktree unless asked', async () => {
    await writeFiles(repo.dir, { '.env': 'from main\n' });
    await writeFiles(worktree, { '.env': 'edited in worktree\n' });
    expect(await copyUntracked({ from: repo.dir, to: worktree, globs: ['.env'] })).toEqual([]);
    expect(await readFile(join(worktree, '.env'), 'utf8')).toBe('edited in worktree\n');
    expect(await copyUntracked({ from: repo.dir, to: worktree, globs: ['.env'], overwrite: true })).toEqual(['.env']);
    expect(await readFile(join(worktree, '.env'), 'utf8')).toBe('from main\n');
  });

  it('copies symlinks as links, handles odd file names, and honours ignore', async () => {
    await writeFiles(repo.dir, { 'secrets/a b $(x).txt': 'odd\n', 'secrets/skip.txt': 'skip\n' });
    await symlink('a b $(x).txt', join(repo.dir, 'secrets/link.txt'));
    const copied = await copyUntracked({ from: repo.dir, to: worktree, globs: ['secrets/**'], ignore: ['secrets/skip.txt'] });
    expect(copied).toEqual(['secrets/a b $(x).txt', 'secrets/link.txt']);
    expect((await lstat(join(worktree, 'secrets/link.txt'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(worktree, 'secrets/link.txt'))).toBe('a b $(x).txt');
  });

  it('never looks inside .git and rejects globs that leave the repo', async () => {
    expect(await copyUntracked({ from: repo.dir, to: worktree, globs: ['**/HEAD'] })).toEqual([]);
    await expect(copyUntracked({ from: repo.dir, to: worktree, globs: ['../outside/*'] })).rejects.toBeInstanceOf(InputError);
    await expect(copyUntracked({ from: repo.dir, to: worktree, globs: ['/etc/passwd'] })).rejects.toBeInstanceOf(InputError);
    expect(await copyUntracked({ from: repo.dir, to: worktree, globs: [] })).toEqual([]);
  });

  it('copies many files (ls-files is chunked)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i += 1) files[`gen/f${i}.local`] = String(i);
    await writeFiles(repo.dir, files);
    const copied = await copyUntracked({ from: repo.dir, to: worktree, globs: ['gen/*.local'] });
    expect(copied).toHaveLength(450);
    expect(await readFile(join(worktree, 'gen/f449.local'), 'utf8')).toBe('449');
  });
});

