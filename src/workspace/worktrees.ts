import { mkdir, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { git, GitError, gitCommonDir, gitVersion, refExists, versionAtLeast } from './git.js';
import type { GitMutex } from './git-mutex.js';
import { storyDirName } from './branch-names.js';
import { pathExists } from '../util/path-exists.js';

/**
 * ralph-wt's private directory: `<git common dir>/ralph-wt`. Inside `.git`
 * the user's tsc, jest, fast-glob and editors never see our worktrees, and
 * every linked worktree resolves to the same place.
 */
export async function ralphDir(repoRootPath: string): Promise<string> {
  return join(await gitCommonDir(repoRootPath), 'ralph-wt');
}

/** Default parent of story worktrees. */
export function defaultWorktreeBase(ralphDirPath: string): string {
  return join(ralphDirPath, 'worktrees');
}

/** Parent of story worktrees: `--worktree-dir` (relative to the repository root, or absolute), else the default. */
export function worktreeBaseFor(where: { repoRoot: string; ralphDir: string; worktreeDir: string | null }): string {
  return where.worktreeDir ? resolve(where.repoRoot, where.worktreeDir) : defaultWorktreeBase(where.ralphDir);
}

/** Where a story's worktree lives under a base dir. */
export function worktreePathFor(baseDir: string, storyId: string): string {
  return join(resolve(baseDir), storyDirName(storyId));
}

export interface WorktreeInfo {
  /** Absolute path as git records it. */
  path: string;
  /** Checked-out commit; null for a bare entry or an unborn branch. */
  head: string | null;
  /** Full ref (`refs/heads/x`) or null when detached/bare. */
  branch: string | null;
  detached: boolean;
  bare: boolean;
  /** Lock reason ('' when locked without one), or null when not locked. */
  locked: string | null;
  /** Why git considers the entry prunable (its directory is gone), or null. */
  prunable: string | null;
}

/** Parse `git worktree list --porcelain` records (lines already split). */
export function parseWorktreeList(lines: readonly string[]): WorktreeInfo[] {
  const result: WorktreeInfo[] = [];
  let current: WorktreeInfo | null = null;
  for (const line of lines) {
    if (line === '') {
      if (current) result.push(current);
      current = null;
      continue;
    }
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? '' : line.slice(space + 1);
    if (key === 'worktree') {
      if (current) result.push(current);
      current = { path: value, head: null, branch: null, detached: false, bare: false, locked: null, prunable: null };
      continue;
    }
    if (!current) continue;
    if (key === 'HEAD') current.head = /^0+$/.test(value) ? null : value;
    else if (key === 'branch') current.branch = value;
    else if (key === 'detached') current.detached = true;
    else if (key === 'bare') current.bare = true;
    else if (key === 'locked') current.locked = value;
    else if (key === 'prunable') current.prunable = value;
  }
  if (current) result.push(current);
  return result;
}

/** Every worktree git knows about, the main one first. */
export async function listWorktrees(repoRootPath: string): Promise<WorktreeInfo[]> {
  // -z (git 2.36+) keeps paths containing newlines intact.
  const nul = versionAtLeast(await gitVersion(), 2, 36);
  const { stdout } = await git(['worktree', 'list', '--porcelain', ...(nul ? ['-z'] : [])], { cwd: repoRootPath });
  return parseWorktreeList(stdout.split(nul ? '\0' : '\n'));
}

/** Resolve symlinks (macOS /tmp → /private/tmp) so paths from git and from us compare equal. */
async function canonical(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    // The path may not exist (yet); canonicalise its parent instead.
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await canonical(parent), absolute.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
  }
}

async function findWorktree(repoRootPath: string, path: string): Promise<WorktreeInfo | null> {
  return worktreeAt(await listWorktrees(repoRootPath), path);
}

/** The entry of a listing whose directory is `path` (symlinks resolved), or null. */
export async function worktreeAt(entries: readonly WorktreeInfo[], path: string): Promise<WorktreeInfo | null> {
  const wanted = await canonical(path);
  for (const entry of entries) {
    if ((await canonical(entry.path)) === wanted) return entry;
  }
  return null;
}


/**
 * Only directories that are plainly ours may be deleted without git's
 * consent: empty ones, or ones whose `.git` is a worktree pointer file
 * (`gitdir: ...`). A misconfigured worktree dir can then never cost the user
 * unrelated files.
 */
async function looksLikeLeftoverWorktree(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
    const entries = await readdir(path);
    if (entries.length === 0) return true;
    if (!entries.includes('.git')) return false;
    const marker = await readFile(join(path, '.git'), 'utf8');
    return marker.startsWith('gitdir:');
  } catch {
    return false;
  }
}

function refuse(args: string[], cwd: string, message: string): GitError {
  return new GitError(args, cwd, { stdout: '', stderr: message, exitCode: 128 });
}

export interface CreateWorktreeOptions {
  repoRoot: string;
  /** Absolute path of the new worktree. */
  path: string;
  /** Short branch name (e.g. `ralph-wt/slug/US-1`). */
  branch: string;
  /** Commit-ish the branch starts from when it does not exist yet. */
  base: string;
  mutex: GitMutex;
}

export interface CreateWorktreeResult {
  /** The worktree was already registered at path on this branch (resume): left as it was. */
  reusedWorktree: boolean;
  /** The branch existed already and was checked out as is (base ignored). */
  reusedBranch: boolean;
  /** A leftover, unregistered directory at path was deleted first. */
  removedLeftover: boolean;
}

/**
 * Give a story its worktree on its branch.
 * - Registered at path on the same branch (a resumed run) → reuse it untouched,
 *   keeping whatever the agent left there.
 * - Registered at path, detached (a kept worktree a crashed run left) → the
 *   branch is put on it (an existing branch as it is, never reset).
 * - Branch exists → `git worktree add <path> <branch>` (resume keeps its commits).
 * - Otherwise → `git worktree add --no-track -b <branch> <path> <base>`.
 * Stale registrations (directory deleted by hand) are pruned first, and a
 * leftover directory git no longer knows about is deleted: it lives in our
 * own per-story path, and git refuses to add a worktree over a non-empty dir.
 */
export async function createWorktree(options: CreateWorktreeOptions): Promise<CreateWorktreeResult> {
  const { repoRoot: cwd, branch, base, mutex } = options;
  const path = resolve(options.path);
  const result = await mutex.run(async (): Promise<CreateWorktreeResult & { populate: boolean }> => {
    // The common case — a fresh story: no directory, no branch — is one git call.
    // (If the branch already exists, `-b` fails without side effects and the careful route reuses it.)
    if (!(await pathExists(path))) {
      await mkdir(dirname(path), { recursive: true });
      const fresh = await git(['worktree', 'add', '--no-checkout', '--no-track', '-b', branch, path, base], { cwd, reject: false });
      if (fresh.exitCode === 0) return { reusedWorktree: false, reusedBranch: false, removedLeftover: false, populate: true };
      // e.g. a stale registration of this path: take the careful route below.
    }
    await git(['worktree', 'prune'], { cwd });
    let registered = await findWorktree(cwd, path);
    if (registered && registered.locked !== null && !(await pathExists(path))) {
      // prune skips locked entries; a locked registration whose directory is gone is still stale.
      await git(['worktree', 'unlock', registered.path], { cwd, reject: false });
      await git(['worktree', 'prune'], { cwd });
      registered = await findWorktree(cwd, path);
    }
    if (registered) {
      if (registered.branch === `refs/heads/${branch}`) {
        return { reusedWorktree: true, reusedBranch: true, removedLeftover: false, populate: false };
      }
      if (registered.branch === null && (await pathExists(path))) {
        // Detached at the story's own path: a kept worktree an interrupted run left here.
        // The branch goes on it; an existing branch (earlier work) is checked out as it is.
        const { reusedBranch } = await putBranchOnWorktree(path, branch, base);
        await git(['clean', '-fdq'], { cwd: path });
        return { reusedWorktree: true, reusedBranch, removedLeftover: false, populate: false };
      }
      const holder = registered.branch ?? 'a detached HEAD';
      throw refuse(['worktree', 'add', path, branch], cwd, `${path} is already a worktree for ${holder}; remove it first`);
    }
    let removedLeftover = false;
    if (await pathExists(path)) {
      if (!(await looksLikeLeftoverWorktree(path))) {
        throw refuse(['worktree', 'add', path, branch], cwd, `${path} exists and is not a leftover worktree; refusing to delete it`);
      }
      await rm(path, { recursive: true, force: true });
      removedLeftover = true;
    }
    await mkdir(dirname(path), { recursive: true });
    const branchExists = await refExists(cwd, `refs/heads/${branch}`);
    // Only the registration and the branch touch shared state; filling in the
    // files (slow on big repos) happens below, outside the mutex.
    const args = branchExists
      ? ['worktree', 'add', '--no-checkout', path, branch]
      : ['worktree', 'add', '--no-checkout', '--no-track', '-b', branch, path, base];
    await git(args, { cwd });
    return { reusedWorktree: false, reusedBranch: branchExists, removedLeftover, populate: true };
  });
  const { populate, ...outcome } = result;
  // The worktree's own index and files only: no other worktree can be affected.
  if (populate) await git(['reset', '--hard', '--quiet'], { cwd: path });
  return outcome;
}

/** A worktree registered now whose files are still being written. */
export interface FillingWorktree {
  path: string;
  /** Resolves once its files are checked out; never rejects (a failed fill is redone by the first checkout there). */
  filled: Promise<void>;
}

/**
 * A detached worktree at `path` on HEAD, for a story to take later: the
 * registration happens now (under the mutex; it throws when git cannot add
 * it), the files are written in the background.
 */
export async function addDetachedWorktree(repoRootPath: string, path: string, mutex: GitMutex): Promise<FillingWorktree> {
  await mkdir(dirname(path), { recursive: true });
  await mutex.run(() => git(['worktree', 'add', '--quiet', '--detach', '--no-checkout', path, 'HEAD'], { cwd: repoRootPath }));
  const filled = git(['reset', '--hard', '--quiet'], { cwd: path, reject: false }).then(
    () => undefined,
    () => undefined,
  );
  return { path, filled };
}

/**
 * Puts `branch` on the existing worktree at `path`: created at `base` when it
 * does not exist; an existing branch (earlier work) is checked out as it is,
 * never reset. Throws when git refuses. Takes no mutex: the caller holds it.
 */
export async function putBranchOnWorktree(path: string, branch: string, base: string): Promise<{ reusedBranch: boolean }> {
  // `-b` refuses a branch that exists, so existing work is never reset to base.
  const created = await git(['checkout', '--quiet', '--force', '--no-track', '-b', branch, base], { cwd: path, reject: false });
  if (created.exitCode === 0) return { reusedBranch: false };
  await git(['checkout', '--quiet', '--force', branch], { cwd: path });
  return { reusedBranch: true };
}

/** Deletes a worktree's directory and drops its registration (and any other whose directory is gone). */
export async function discardWorktreeDir(repoRootPath: string, path: string, mutex: GitMutex): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch(() => undefined);
  await mutex.run(() => git(['worktree', 'prune'], { cwd: repoRootPath, reject: false }));
}

export interface RemoveWorktreeOptions {
  repoRoot: string;
  path: string;
  mutex: GitMutex;
  /** Remove even with modified or untracked files (and a locked worktree). */
  force?: boolean;
}

/**
 * Remove a worktree and its registration; the branch is kept (a finished or
 * conflicted story's commits must survive). Idempotent: a path that is
 * neither registered nor present is fine. Without force, a worktree with
 * local changes is left in place and GitError is thrown.
 */
export async function removeWorktree(options: RemoveWorktreeOptions): Promise<void> {
  const { repoRoot: cwd, mutex, force = false } = options;
  const path = resolve(options.path);
  await mutex.run(async () => {
    const registered = await findWorktree(cwd, path);
    if (registered && (await pathExists(path))) {
      // A locked worktree needs --force twice.
      const forceArgs = force ? (registered.locked !== null ? ['--force', '--force'] : ['--force']) : [];
      await git(['worktree', 'remove', ...forceArgs, registered.path], { cwd });
    } else if (!registered && (await pathExists(path))) {
      if (!force || !(await looksLikeLeftoverWorktree(path))) {
        const why = 'only an empty or leftover worktree directory is deleted, and only with force';
        throw refuse(['worktree', 'remove', path], cwd, `${path} is not a registered worktree; ${why}`);
      }
      await rm(path, { recursive: true, force: true });
    } else if (registered && registered.locked !== null && force) {
      // Directory already gone but the lock keeps prune from dropping the entry.
      await git(['worktree', 'unlock', registered.path], { cwd, reject: false });
    }
    await git(['worktree', 'prune'], { cwd });
  });
}

export interface PruneOptions {
  mutex?: GitMutex;
  /** Also remove registered worktrees under the dir (forced), e.g. for `ralph-wt clean`. */
  removeRegistered?: boolean;
  /** Absolute paths to keep even when removeRegistered is set. */
  keep?: readonly string[];
  /**
   * Unregistered directories known to be ours, deleted even without a `.git`
   * pointer (an agent may delete it): 'all' for a dir only ralph-wt writes
   * to, or the paths the journal names.
   */
  owned?: 'all' | readonly string[];
}

export interface PruneResult {
  /** Leftover worktree directories under underDir that git no longer knew about, deleted. */
  removedDirs: string[];
  /** Registered worktrees removed (only with removeRegistered). */
  removedWorktrees: string[];
}

/**
 * Clean up after crashed runs: drop registrations whose directory is gone
 * (`git worktree prune`) and delete directories directly under underDir that
 * are not registered but look like worktrees (empty, or `.git` pointer file).
 * Never touches anything outside underDir or anything else inside it.
 */
export async function pruneStaleWorktrees(
  repoRootPath: string,
  underDir: string,
  options: PruneOptions = {},
): Promise<PruneResult> {
  const work = async (): Promise<PruneResult> => {
    const base = await canonical(underDir);
    await git(['worktree', 'prune'], { cwd: repoRootPath });
    const keep = new Set(await Promise.all((options.keep ?? []).map(canonical)));
    const registered = new Map<string, WorktreeInfo>();
    for (const entry of await listWorktrees(repoRootPath)) registered.set(await canonical(entry.path), entry);

    const removedWorktrees: string[] = [];
    if (options.removeRegistered) {
      for (const [path, entry] of registered) {
        if (!path.startsWith(base + sep) || keep.has(path)) continue;
        const forceArgs = entry.locked !== null ? ['--force', '--force'] : ['--force'];
        await git(['worktree', 'remove', ...forceArgs, entry.path], { cwd: repoRootPath });
        registered.delete(path);
        removedWorktrees.push(path);
      }
    }

    const removedDirs = await leftoverDirsIn(base, new Set([...registered.keys(), ...keep]), options.owned ?? []);
    for (const path of removedDirs) await rm(path, { recursive: true, force: true });
    if (removedWorktrees.length > 0) await git(['worktree', 'prune'], { cwd: repoRootPath });
    return { removedDirs, removedWorktrees };
  };
  return options.mutex ? options.mutex.run(work) : work();
}

/**
 * Worktree registrations under `underDirs` that a `git worktree add` killed
 * half-way left behind: still locked "initializing", or with an unreadable
 * HEAD. git never prunes them (they are locked) and `git fsck` reports the
 * bad HEAD, so they are unlocked, their directory (if any, and only if it is
 * plainly a leftover worktree) deleted, and the entry pruned. Returns the
 * paths repaired. Only safe while no other process may be adding worktrees
 * there: the caller holds the run lock.
 */
export async function repairInterruptedWorktrees(repoRootPath: string, underDirs: readonly string[]): Promise<string[]> {
  const bases = await Promise.all(underDirs.map(async (dir) => (await canonical(dir)) + sep));
  const repaired: string[] = [];
  for (const entry of await listWorktrees(repoRootPath)) {
    if (entry.bare) continue;
    const interrupted = entry.locked === 'initializing' || entry.head === null;
    if (!interrupted) continue;
    const path = await canonical(entry.path);
    if (!bases.some((base) => path.startsWith(base))) continue;
    await git(['worktree', 'unlock', entry.path], { cwd: repoRootPath, reject: false });
    if ((await pathExists(path)) && (await looksLikeLeftoverWorktree(path))) await rm(path, { recursive: true, force: true });
    repaired.push(path);
  }
  if (repaired.length > 0) await git(['worktree', 'prune'], { cwd: repoRootPath, reject: false });
  return repaired;
}

async function leftoverDirsIn(base: string, skip: ReadonlySet<string>, owned: 'all' | readonly string[]): Promise<string[]> {
  const ownedPaths = owned === 'all' ? null : new Set(await Promise.all(owned.map(canonical)));
  const names = await readdir(base).catch(() => []);
  const out: string[] = [];
  for (const name of names) {
    const path = join(base, name);
    if (skip.has(path)) continue;
    const ours = ownedPaths === null || ownedPaths.has(path);
    if (!(await looksLikeLeftoverWorktree(path)) && !(ours && (await isDirectory(path)))) continue;
    out.push(path);
  }
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** What pruneStaleWorktrees would delete under `underDir` (for `clean --dry-run`). */
export async function leftoverWorktreeDirs(repoRootPath: string, underDir: string, options: { owned?: 'all' | readonly string[] } = {}): Promise<string[]> {
  const base = await canonical(underDir);
  const registered = await Promise.all((await listWorktrees(repoRootPath)).map((w) => canonical(w.path)));
  return leftoverDirsIn(base, new Set(registered), options.owned ?? []);
}
