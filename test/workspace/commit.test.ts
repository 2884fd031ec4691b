import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changedFilesBetween, commitAll, identityEnv } from '../../src/workspace/commit.js';
import { git } from '../../src/workspace/git.js';
import { makeRepo, useTestGitEnv, writeFiles, type TestRepo } from './helpers.js';

useTestGitEnv();

describe('commitAll', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it('returns null when nothing changed (untracked ignored files do not count)', async () => {
    await writeFiles(repo.dir, { '.env': 'ignored by .gitignore' });
    expect(await commitAll({ cwd: repo.dir, message: 'nothing' })).toBeNull();
    expect((await git(['rev-parse', 'HEAD'], { cwd: repo.dir })).stdout).toBe(repo.initial);
  });

  it('stages additions, modifications and deletions and returns the new sha', async () => {
    await writeFiles(repo.dir, { 'a.txt': 'changed\n', 'new dir/c $(x).txt': 'c\n' });
    await git(['rm', '-q', '--cached', 'b.txt'], { cwd: repo.dir });
    await import('node:fs/promises').then((fs) => fs.rm(join(repo.dir, 'b.txt')));
    const message = 'feat: US-1 — story\n\nbody with "quotes" and $(subshell)';
    const sha = await commitAll({ cwd: repo.dir, message });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect((await git(['rev-parse', 'HEAD'], { cwd: repo.dir })).stdout).toBe(sha);
    expect((await git(['log', '-1', '--format=%B'], { cwd: repo.dir })).stdout.trim()).toBe(message);
    expect(await changedFilesBetween(repo.dir, repo.initial, sha ?? '')).toEqual(['a.txt', 'b.txt', 'new dir/c $(x).txt']);
    expect((await git(['status', '--porcelain'], { cwd: repo.dir })).stdout).toBe('');
  });

  it('never commits excluded paths, even when not gitignored', async () => {
    await writeFiles(repo.dir, { 'secrets.json': '{"key":1}', 'a.txt': 'work\n' });
    const sha = await commitAll({ cwd: repo.dir, message: 'work', exclude: ['secrets.json'] });
    expect(await changedFilesBetween(repo.dir, repo.initial, sha ?? '')).toEqual(['a.txt']);
    expect(await commitAll({ cwd: repo.dir, message: 'again', exclude: ['secrets.json'] })).toBeNull();
  });

  it('skips hooks by default and runs them with verify', async () => {
    await writeFile(join(repo.dir, '.git/hooks/pre-commit'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    await writeFiles(repo.dir, { 'a.txt': 'x\n' });
    await expect(commitAll({ cwd: repo.dir, message: 'hooked', verify: true })).rejects.toThrow();
    expect(await commitAll({ cwd: repo.dir, message: 'no hooks' })).toMatch(/^[0-9a-f]{40}$/);
  });

  it('falls back to a ralph-wt identity when git has none', async () => {
    const keys = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'] as const;
    const saved = keys.map((key) => [key, process.env[key]] as const);
    // useConfigOnly stops git guessing an identity from the host, like a bare CI box.
    await git(['config', 'user.useConfigOnly', 'true'], { cwd: repo.dir });
    for (const key of keys) delete process.env[key];
    try {
      await writeFiles(repo.dir, { 'a.txt': 'anonymous\n' });
      await expect(git(['commit', '-qam', 'plain'], { cwd: repo.dir })).rejects.toThrow();
      expect(await commitAll({ cwd: repo.dir, message: 'fallback' })).toMatch(/^[0-9a-f]{40}$/);
      expect((await git(['log', '-1', '--format=%an <%ae>|%cn'], { cwd: repo.dir })).stdout).toBe('ralph-wt <ralph-wt@localhost>|ralph-wt');
    } finally {
      for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
    }
  });

  it('keeps the configured identity and passes env through', async () => {
    const env = await identityEnv(repo.dir, { GIT_AUTHOR_NAME: 'Story Agent' });
    expect(env.GIT_AUTHOR_NAME).toBe('Story Agent');
    await writeFiles(repo.dir, { 'a.txt': 'y\n' });
    await commitAll({ cwd: repo.dir, message: 'by agent', env: { GIT_AUTHOR_NAME: 'Story Agent' } });
    expect((await git(['log', '-1', '--format=%an|%cn'], { cwd: repo.dir })).stdout).toBe('Story Agent|Test Committer');
  });
});
