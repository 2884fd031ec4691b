import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { argvOf, cwdOf, listProcesses, type ProcStat } from './proc-table.js';

/**
 * A git killed mid-write (a commit, a ref update) leaves its `*.lock` file
 * behind, and every later git in that worktree fails with "File exists".
 * After a crash of the run, the lock files of the places the run owns are
 * removed — but only when no git process is alive in the repository, so a
 * lock somebody is holding right now is never taken away.
 *
 * Two locks of the shared repository are swept too: `objects/maintenance.lock` (the automatic maintenance a commit
 * runs, killed with the run's process group) and `packed-refs.lock` (a branch deletion killed mid-write). A git in
 * any worktree of the repository could be holding those, the user's own included, so they go only when no git that
 * could hold them is running in any of them.
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

const isGit = (p: ProcStat): boolean => p.comm === 'git' || p.comm.startsWith('git-');

/** A live `git` (that `holds` may still rule out) whose directory is in one of `dirs`. */
function liveGitIn(dirs: readonly string[], table: readonly ProcStat[], holds: (p: ProcStat) => boolean = () => true): number | undefined {
  const roots = dirs.map((d) => resolve(d));
  const hit = table.find((p) => {
    if (!isGit(p)) return false;
    const cwd = cwdOf(p.pid);
    return cwd !== null && roots.some((d) => cwd === d || cwd.startsWith(d + sep)) && holds(p);
  });
  return hit?.pid;
}

/** Every worktree git knows for the repository (the user's too), from `<common dir>/worktrees/<name>/gitdir`. */
async function registeredWorktrees(commonDir: string): Promise<string[]> {
  const names = await readdir(join(commonDir, 'worktrees')).catch((): string[] => []);
  const paths = await Promise.all(names.map((n) => readFile(join(commonDir, 'worktrees', n, 'gitdir'), 'utf8').catch(() => '')));
  return paths.map((p) => p.trim()).filter((p) => p !== '').map((p) => dirname(p));
}

/** Locks of the shared repository, and which running git could be holding each. */
const SHARED_LOCKS: ReadonlyArray<{ path: readonly string[]; heldBy(argv: readonly string[]): boolean }> = [
  // Taken only by `git maintenance run` (git's detached `gc --auto` holds gc.pid instead).
  { path: ['objects', 'maintenance.lock'], heldBy: (argv) => argv.includes('maintenance') },
  // Any git that writes or deletes a ref may take it.
  { path: ['packed-refs.lock'], heldBy: () => true },
];

async function staleSharedLocks(places: OwnedLockPlaces, table: readonly ProcStat[]): Promise<string[]> {
  const present = SHARED_LOCKS.map((lock) => ({ lock, path: join(places.commonDir, ...lock.path) })).filter(({ path }) => existsSync(path));
  if (present.length === 0) return [];
  const dirs = [places.repoRoot, places.commonDir, ...places.worktrees, ...(await registeredWorktrees(places.commonDir))];
  // A git whose command line cannot be read (another user's) may be holding any of them.
  const mayHold = (lock: (typeof SHARED_LOCKS)[number]) => (p: ProcStat): boolean => {
    const argv = argvOf(p.pid);
    return argv === null || lock.heldBy(argv);
  };
  return present.filter(({ lock }) => liveGitIn(dirs, table, mayHold(lock)) === undefined).map(({ path }) => path);
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
  const table = listProcesses();
  if (table === null) return candidates.length === 0 ? { removed: [] } : { skipped: `cannot tell whether a git process still holds ${candidates.join(', ')} (no /proc)` };
  const live = liveGitIn([places.repoRoot, places.commonDir, ...places.worktrees], table);
  if (live !== undefined) return candidates.length === 0 ? { removed: [] } : { skipped: `git (pid ${live}) is running in the repository; left ${candidates.join(', ')}` };
  const stale = [...candidates, ...(await staleSharedLocks(places, table))];
  await Promise.all(stale.map((path) => rm(path, { force: true })));
  return { removed: stale };
}
