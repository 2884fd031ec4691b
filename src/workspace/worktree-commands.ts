import { git } from './git.js';

/**
 * Single worktree commands for callers that manage a worktree themselves
 * (the merge lane's own worktree, `ralph-wt clean`). Run them under the
 * repository's GitMutex: they write the shared worktree registry.
 */

/** `git worktree prune`; `quiet`: a failure is ignored (the next prune catches up). */
export async function pruneWorktrees(repoRoot: string, options: { quiet?: boolean } = {}): Promise<void> {
  await git(['worktree', 'prune'], { cwd: repoRoot, reject: options.quiet !== true });
}

/** Unlocks a registration (a killed `worktree add` leaves it locked); a failure is ignored. */
export async function unlockWorktree(repoRoot: string, path: string): Promise<void> {
  await git(['worktree', 'unlock', path], { cwd: repoRoot, reject: false });
}

/**
 * Removes a worktree whatever it holds; `evenLocked` also removes a locked
 * one (git's double --force). False when git refused.
 */
export async function forceRemoveWorktree(repoRoot: string, path: string, options: { evenLocked?: boolean } = {}): Promise<boolean> {
  const force = options.evenLocked ? ['--force', '--force'] : ['--force'];
  const result = await git(['worktree', 'remove', ...force, path], { cwd: repoRoot, reject: false });
  return result.exitCode === 0;
}

/** Moves a registered worktree to `to`; false when git refused. */
export async function moveWorktree(repoRoot: string, from: string, to: string): Promise<boolean> {
  const result = await git(['worktree', 'move', from, to], { cwd: repoRoot, reject: false });
  return result.exitCode === 0;
}

/**
 * Adds a detached worktree at `path` checked out at `commit`, over a stale
 * registration of the same path (its directory deleted by hand) if need be.
 */
export async function addCheckedOutWorktree(repoRoot: string, path: string, commit: string): Promise<void> {
  const args = ['worktree', 'add', '--detach', '--force', path, commit];
  const added = await git(args, { cwd: repoRoot, reject: false });
  if (added.exitCode === 0) return;
  await git(['worktree', 'prune'], { cwd: repoRoot });
  await git(args, { cwd: repoRoot });
}

/** Detaches the worktree at `commit`, discarding local changes to tracked files. */
export async function forceCheckoutDetached(cwd: string, commit: string): Promise<void> {
  await git(['checkout', '--quiet', '--force', '--detach', commit], { cwd });
}

/**
 * Deletes untracked files (not ignored ones): all of them, or only the
 * given paths (taken literally).
 */
export async function removeUntracked(cwd: string, paths?: readonly string[]): Promise<void> {
  if (paths === undefined) await git(['clean', '-fdq'], { cwd });
  else if (paths.length > 0) await git(['clean', '-fd', '--quiet', '--', ...paths.map(literal)], { cwd });
}

/** A pathspec that matches exactly this path (no globbing, no magic). */
export function literal(path: string): string {
  return `:(literal)${path}`;
}
