import { InputError } from '../util/errors.js';
import { identityEnv } from './commit.js';
import { git, GitError, hasCommits, isValidBranchName, revParse } from './git.js';
import type { GitMutex } from './git-mutex.js';
import { listWorktrees } from './worktrees.js';

/**
 * Moving the integration branch (the PRD's branchName). Refs only ever move by
 * compare-and-swap, with the previous value saved in a backup ref first.
 */

export interface EnsureBranchResult {
  sha: string;
  created: boolean;
}

/** Create `branchName` at HEAD if it does not exist (without checking it out); its tip either way. */
export async function ensureBranch(repoRootPath: string, branchName: string): Promise<EnsureBranchResult> {
  if (!(await isValidBranchName(repoRootPath, branchName))) {
    throw new InputError(`branchName "${branchName}" is not a valid git branch name`);
  }
  const existing = await readRef(repoRootPath, `refs/heads/${branchName}`);
  if (existing) return { sha: existing, created: false };
  if (!(await hasCommits(repoRootPath))) {
    throw new InputError('the repository has no commits yet; commit something before running ralph-wt');
  }
  return createBranchIfMissing(repoRootPath, branchName, 'HEAD');
}

/**
 * ensureBranch for a name already checked (valid, in a repository with
 * commits), created at `from`; a full object id there saves reading the new
 * branch back.
 */
export async function createBranchIfMissing(repoRootPath: string, branchName: string, from: string): Promise<EnsureBranchResult> {
  const ref = `refs/heads/${branchName}`;
  const existing = await readRef(repoRootPath, ref);
  if (existing) return { sha: existing, created: false };
  await git(['branch', '--no-track', branchName, from], { cwd: repoRootPath });
  const sha = /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(from) ? from : await revParse(repoRootPath, ref);
  if (!sha) throw new Error(`branch ${branchName} vanished right after it was created`);
  return { sha, created: true };
}

/** The value of a fully-qualified ref, or null when it does not exist. */
export async function readRef(repoRootPath: string, ref: string): Promise<string | null> {
  const result = await git(['rev-parse', '--verify', '--quiet', ref], { cwd: repoRootPath, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/**
 * The branch is checked out in a worktree whose files and index do not match
 * its commit (local changes) or could not be carried along: moving the ref
 * would leave that checkout showing the move reversed. Nothing was changed.
 */
export class BranchCheckedOutError extends Error {
  constructor(
    readonly ref: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${ref.replace(/^refs\/heads\//, '')} is checked out in ${path}, which ${detail}; not updated`);
    this.name = 'BranchCheckedOutError';
  }
}

/** The ref moved underneath us: nothing was changed. */
export class RefConflictError extends Error {
  constructor(
    readonly ref: string,
    readonly expected: string,
    readonly actual: string | null,
  ) {
    super(`${ref} is at ${actual ?? '(missing)'}, expected ${expected}; not updated`);
    this.name = 'RefConflictError';
  }
}

export interface UpdateRefOptions {
  repoRoot: string;
  /** Fully-qualified ref, e.g. `refs/heads/ralph/feature`. */
  ref: string;
  newSha: string;
  /** The value the caller based its work on; the update fails if the ref has moved since. */
  expectedOldSha: string;
  /** Fully-qualified ref that receives expectedOldSha before the move. */
  backupRef: string;
  mutex: GitMutex;
  /** Reflog message. */
  message?: string;
  /**
   * Worktrees the caller looks after itself (the run's story worktrees, whose
   * HEAD is checked after each agent): not refused, not carried along.
   */
  ownWorktree?: (path: string) => boolean;
}

/**
 * Save the old value in backupRef, then `git update-ref <ref> <new> <old>`.
 * git checks old atomically under the ref lock, so a concurrent move makes
 * this throw RefConflictError with the ref untouched.
 *
 * A ref is never moved under a checkout that has it: a checkout whose index
 * and files match the old commit is carried along (like a fast-forward, so it
 * never shows the move reversed); one with local changes makes this throw
 * BranchCheckedOutError with nothing changed. Checked at the moment of the
 * update, under the mutex, from one `git worktree list`.
 */
export async function updateRefWithBackup(options: UpdateRefOptions): Promise<void> {
  const { repoRoot: cwd, ref, newSha, expectedOldSha, backupRef, mutex } = options;
  await mutex.run(async () => {
    const own = options.ownWorktree ?? (() => false);
    const holders = (await listWorktrees(cwd)).filter((entry) => entry.branch === ref && !own(entry.path)).map((entry) => entry.path);
    for (const path of holders) {
      if (!(await matchesCommit(path, expectedOldSha))) throw new BranchCheckedOutError(ref, path, 'has local changes');
    }
    // One transaction: the backup and the move land together or not at all,
    // and git checks the old value under the ref lock (compare-and-swap).
    const input = `update ${backupRef} ${expectedOldSha}\nupdate ${ref} ${newSha} ${expectedOldSha}\n`;
    const args = ['update-ref', '-m', options.message ?? 'ralph-wt: update', '--stdin'];
    const result = await git(args, { cwd, input, reject: false });
    if (result.exitCode !== 0) {
      const actual = await readRef(cwd, ref);
      if (actual !== expectedOldSha) throw new RefConflictError(ref, expectedOldSha, actual);
      throw new GitError(args, cwd, result);
    }
    const carried: string[] = [];
    for (const path of holders) {
      const moved = await git(['read-tree', '-m', '-u', expectedOldSha, newSha], { cwd: path, reject: false });
      if (moved.exitCode === 0) {
        carried.push(path);
        continue;
      }
      // Put everything back as it was: the ref, and the checkouts already carried along.
      await git(['update-ref', '-m', 'ralph-wt: undo (a checkout could not follow)', ref, expectedOldSha, newSha], { cwd, reject: false });
      for (const done of carried) await git(['read-tree', '-m', '-u', newSha, expectedOldSha], { cwd: done, reject: false });
      throw new BranchCheckedOutError(ref, path, `could not follow the move (${moved.stderr.trim().split('\n')[0] ?? 'read-tree failed'})`);
    }
  });
}

/** Do the checkout's index and tracked files match `sha` exactly? (Untracked files do not count.) */
async function matchesCommit(cwd: string, sha: string): Promise<boolean> {
  // Refresh stat info so a touched-but-unchanged file is not reported dirty.
  await git(['update-index', '-q', '--refresh'], { cwd, reject: false });
  const staged = await git(['diff-index', '--quiet', '--cached', sha, '--'], { cwd, reject: false });
  if (staged.exitCode !== 0) return false;
  const unstaged = await git(['diff-files', '--quiet'], { cwd, reject: false });
  return unstaged.exitCode === 0;
}

/** Create a commit object for tree with the given parents (first parent first); returns its sha. Moves no ref. */
export async function commitTree(
  repoRootPath: string,
  tree: string,
  parents: readonly string[],
  message: string,
  env?: Record<string, string>,
): Promise<string> {
  const parentArgs = parents.flatMap((parent) => ['-p', parent]);
  const { stdout } = await git(['commit-tree', tree, ...parentArgs, '-F', '-'], {
    cwd: repoRootPath,
    env: await identityEnv(repoRootPath, env),
    input: message,
  });
  return stdout.trim();
}
