import { join } from 'node:path';
import { deleteBranch, listBranches } from '../../src/workspace/branches.js';
import { git, GitError, revParse } from '../../src/workspace/git.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import { createWorktree, removeWorktree } from '../../src/workspace/worktrees.js';
import { commitFiles, makeRepo, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

describe('ralph-wt branches', () => {
  let repo: TestRepo;
  const mutex = new GitMutex();
  beforeEach(async () => {
    repo = await makeRepo();
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it('lists branches under a prefix only', async () => {
    for (const name of ['ralph-wt/s/US-2', 'ralph-wt/s/US-1', 'ralph-wt/s--conflicts/US-1-1', 'ralph-wt/other/US-1', 'ralph/feat']) {
      await git(['branch', name], { cwd: repo.dir });
    }
    expect(await listBranches(repo.dir, 'ralph-wt/s/')).toEqual([
      { name: 'ralph-wt/s/US-1', sha: repo.initial },
      { name: 'ralph-wt/s/US-2', sha: repo.initial },
    ]);
    expect(await listBranches(repo.dir, 'nothing')).toEqual([]);
  });

  it('deletes unmerged branches, guarded by sha and by worktrees using them', async () => {
    const path = join(repo.dir, '.git', 'ralph-wt', 'worktrees', 'US-1');
    await createWorktree({ repoRoot: repo.dir, path, branch: 'ralph-wt/s/US-1', base: 'main', mutex });
    const work = await commitFiles(path, { 'x.txt': 'x' }, 'unmerged work');
    await expect(deleteBranch({ repoRoot: repo.dir, branch: 'ralph-wt/s/US-1', mutex })).rejects.toBeInstanceOf(GitError);
    await removeWorktree({ repoRoot: repo.dir, path, mutex });
    await expect(deleteBranch({ repoRoot: repo.dir, branch: 'ralph-wt/s/US-1', mutex, expectedSha: repo.initial })).rejects.toBeInstanceOf(GitError);
    expect(await revParse(repo.dir, 'ralph-wt/s/US-1')).toBe(work);
    expect(await deleteBranch({ repoRoot: repo.dir, branch: 'ralph-wt/s/US-1', mutex, expectedSha: work })).toBe(true);
    expect(await revParse(repo.dir, 'ralph-wt/s/US-1')).toBeNull();
    expect(await deleteBranch({ repoRoot: repo.dir, branch: 'ralph-wt/s/US-1', mutex })).toBe(false);
  });
});
