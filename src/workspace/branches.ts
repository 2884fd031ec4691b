import { git, GitError } from './git.js';
import type { GitMutex } from './git-mutex.js';
import { listWorktrees } from './worktrees.js';

/** Listing and deleting ralph-wt's own branches (for retries and `ralph-wt clean`). */

export interface BranchInfo {
  /** Short name, e.g. `ralph-wt/slug/US-1`. */
  name: string;
  sha: string;
}

/** Local branches under `<prefix>/` (e.g. `ralph-wt/<prd-slug>`), sorted by name. */
export async function listBranches(repoRootPath: string, prefix: string): Promise<BranchInfo[]> {
  const trimmed = prefix.replace(/\/+$/, '');
  const { stdout } = await git(['for-each-ref', '--format=%(objectname) %(refname)', `refs/heads/${trimmed}/`], { cwd: repoRootPath });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      return { sha: line.slice(0, space), name: line.slice(space + 1).replace(/^refs\/heads\//, '') };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface DeleteBranchOptions {
  repoRoot: string;
  branch: string;
  mutex: GitMutex;
  /** Only delete while the branch is still at this sha (compare-and-swap). */
  expectedSha?: string;
}

/**
 * Delete a branch by ref (`update-ref -d`): git's "not fully merged" check
 * would refuse story branches merged by commit-tree into a branch that is not
 * checked out, while expectedSha still guards against deleting work added
 * meanwhile. update-ref does not notice a worktree using the branch, so that
 * is checked here (remove the worktree first). False when there was no branch.
 */
export async function deleteBranch(options: DeleteBranchOptions): Promise<boolean> {
  const { repoRoot: cwd, branch, mutex, expectedSha } = options;
  return mutex.run(async () => {
    const ref = `refs/heads/${branch}`;
    const exists = await git(['show-ref', '--verify', '--quiet', ref], { cwd, reject: false });
    if (exists.exitCode !== 0) return false;
    const holder = (await listWorktrees(cwd)).find((entry) => entry.branch === ref);
    if (holder) {
      throw new GitError(['update-ref', '-d', ref], cwd, { stdout: '', stderr: `${branch} is checked out in ${holder.path}`, exitCode: 128 });
    }
    await git(['update-ref', '-m', 'ralph-wt: delete', '-d', ref, ...(expectedSha ? [expectedSha] : [])], { cwd });
    return true;
  });
}
