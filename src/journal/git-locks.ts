import { readdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { cwdOf, listProcesses } from './proc-table.js';

/**
 * A git killed mid-write (a commit, a ref update) leaves its `*.lock` file
 * behind, and every later git in that worktree fails with "File exists".
 * After a crash of the run, the lock files of the places the run owns are
 * removed — but only when no git process is alive in the repository, so a
 * lock somebody is holding right now is never taken away.
 */

export interface OwnedLockPlaces {
  /** The repository's common git dir. */
  commonDir: string;
  /** The main checkout (a git the user runs there counts as live). */
  repoRoot: string;
  /** Worktrees the run owns. */
  worktrees: readonly string[];
  /** Refs the run owns, e.g. `refs/heads/ralph-wt/` (prefix, ends with '/') or a full ref name. */
  refs: readonly string[];
}

export type LockSweep = { removed: string[] } | { skipped: string };

/** The worktree's private git dir, from its `.git` pointer file; null if it has none. */
async function worktreeGitDir(worktree: string): Promise<string | null> {
  const text = await readFile(join(worktree, '.git'), 'utf8').catch(() => null);
  const match = text?.match(/^gitdir: (.+)$/m);
  if (!match?.[1]) return null;
  return isAbsolute(match[1]) ? match[1] : resolve(worktree, match[1]);
}

async function locksIn(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && recursive) out.push(...(await locksIn(path, true)));
    else if (entry.isFile() && entry.name.endsWith('.lock')) out.push(path);
  }
  return out;
}

/** A live `git` whose directory is in the repository or one of its worktrees; null = cannot tell (no /proc). */
function liveGitIn(places: OwnedLockPlaces): number | null | undefined {
  const table = listProcesses();
  if (table === null) return null;
  const dirs = [places.repoRoot, places.commonDir, ...places.worktrees].map((d) => resolve(d));
  const hit = table.find((p) => {
    if (p.comm !== 'git' && !p.comm.startsWith('git-')) return false;
    const cwd = cwdOf(p.pid);
    return cwd !== null && dirs.some((d) => cwd === d || cwd.startsWith(d + sep));
  });
  return hit?.pid;
}

export async function removeStaleGitLocks(places: OwnedLockPlaces): Promise<LockSweep> {
  const candidates: string[] = [];
  for (const worktree of places.worktrees) {
    const gitDir = await worktreeGitDir(worktree);
    if (gitDir) candidates.push(...(await locksIn(gitDir, false)));
  }
  for (const ref of places.refs) {
    if (ref.endsWith('/')) candidates.push(...(await locksIn(join(places.commonDir, ref), true)));
    else candidates.push(...(await locksIn(join(places.commonDir, ref, '..'), false)).filter((p) => p === join(places.commonDir, `${ref}.lock`)));
  }
  if (candidates.length === 0) return { removed: [] };
  const live = liveGitIn(places);
  if (live === null) return { skipped: `cannot tell whether a git process still holds ${candidates.join(', ')} (no /proc)` };
  if (live !== undefined) return { skipped: `git (pid ${live}) is running in the repository; left ${candidates.join(', ')}` };
  await Promise.all(candidates.map((path) => rm(path, { force: true })));
  return { removed: candidates };
}
