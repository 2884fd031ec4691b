import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { git } from './git.js';
import type { GitMutex } from './git-mutex.js';
import { discardWorktreeDir, listWorktrees, putBranchOnWorktree, type WorktreeInfo } from './worktrees.js';
import { pathExists } from '../util/path-exists.js';
import { benchWithout } from './bench-switches.js';

/**
 * Keeps the worktrees of merged stories for the next stories instead of
 * deleting them. Filling a fresh worktree writes every file of the repository
 * (on big repos, and on slow file systems, the largest per-story cost);
 * switching a used one to the new head rewrites only what differs. Ignored
 * files (node_modules from the setup command) survive, which speeds setup up.
 */
export class WorktreeRecycler {
  readonly #free: string[] = [];
  /** Kept worktrees known to hold no untracked files. */
  readonly #clean = new Set<string>();
  /** Kept worktrees still being filled: used only once this resolves. */
  readonly #filling = new Map<string, Promise<void>>();
  /** Offered worktrees the bench said not to use: only removed at the end. */
  readonly #unused: string[] = [];

  constructor(
    private readonly repoRoot: string,
    private readonly mutex: GitMutex,
  ) {}

  get size(): number {
    return this.#free.length;
  }

  /**
   * A detached worktree made for this run, usable once `filled` resolves (it
   * must not reject). Freshly filled, it holds no untracked files.
   */
  offer(path: string, filled: Promise<void>): void {
    const at = resolve(path);
    this.#filling.set(at, filled);
    if (benchWithout('prewarm')) {
      this.#unused.push(at);
      return;
    }
    this.#clean.add(at);
    if (!this.#free.includes(at)) this.#free.push(at);
  }

  /**
   * Worktrees an interrupted run had kept for reuse, under the worktree dir:
   * detached ones, and those still on a branch `isFree` names (a story that
   * had committed and given its worktree back). A worktree on any other
   * branch may hold an interrupted story's work and is left alone.
   * `listing`: the repository's worktrees, when the caller has just read them.
   */
  async adopt(underDir: string, isFree: (branchRef: string) => boolean = () => false, listing?: readonly WorktreeInfo[]): Promise<void> {
    const base = resolve(underDir) + sep;
    for (const entry of listing ?? (await listWorktrees(this.repoRoot))) {
      const at = resolve(entry.path);
      if (!at.startsWith(base) || this.#free.includes(at) || !(entry.branch === null || isFree(entry.branch))) continue;
      if (await pathExists(entry.path)) this.#free.push(at);
    }
  }

  /**
   * Keeps a finished story's worktree for reuse. Nothing runs: it stays on
   * the story's branch (which can still be merged, kept or deleted from
   * elsewhere) until the next story switches it to its own. `clean`: the
   * caller knows no untracked file is left (its commit took everything), so
   * the next user need not run `git clean`.
   */
  release(path: string, options: { clean?: boolean } = {}): void {
    const at = resolve(path);
    if (options.clean) this.#clean.add(at);
    else this.#clean.delete(at);
    // Idempotent: a resumed merge releases a worktree that adopt() may already hold.
    if (!this.#free.includes(at)) this.#free.push(at);
  }

  /**
   * Moves a kept worktree to `path` and puts `branch` there: created at
   * `base` when it does not exist; when it does (an interrupted run's work),
   * checked out as it is, never reset. Null when none is free or git fails
   * (the caller then creates a fresh worktree).
   */
  async reuse(path: string, branch: string, base: string): Promise<{ reusedBranch: boolean } | null> {
    if (benchWithout('recycler')) return null;
    const target = resolve(path);
    // Something else at the story's path (an interrupted run's worktree): the caller deals with it.
    // Checked before taking one: a worktree taken and put back could be missed meanwhile by the story it belongs to.
    if (!this.#free.includes(target) && (await pathExists(target))) return null;
    // A story that runs again (a sequential fallback) finds its own worktree still here.
    const own = this.#free.indexOf(target);
    const from = own === -1 ? this.#free.pop() : this.#free.splice(own, 1)[0];
    if (from === undefined) return null;
    await this.#filled(from);
    if (from !== target) {
      const moved = await this.mutex.run(() => git(['worktree', 'move', from, path], { cwd: this.repoRoot, reject: false }));
      if (moved.exitCode !== 0) {
        await this.#discard(from);
        return null;
      }
    }
    const switched = await this.mutex.run(() => putBranchOnWorktree(path, branch, base)).catch(() => null);
    if (!switched) {
      await this.#discard(path);
      return null;
    }
    // Untracked leftovers of the previous story (not ignored ones) must not leak into this one.
    if (!this.#clean.delete(from)) await git(['clean', '-fdq'], { cwd: path });
    return switched;
  }

  /**
   * Hands a kept worktree over for another use (it is no longer kept), or
   * null when none is free. `clean`: known to hold no untracked files.
   */
  async take(): Promise<{ path: string; clean: boolean } | null> {
    if (benchWithout('recycler')) return null;
    const path = this.#free.pop();
    if (path === undefined) return null;
    await this.#filled(path);
    return { path, clean: this.#clean.delete(path) };
  }

  /** Removes every kept worktree (end of run), then prunes every registration whose directory is gone. */
  async drain(): Promise<void> {
    const paths = [...this.#free.splice(0), ...this.#unused.splice(0)];
    this.#clean.clear();
    // git must be done writing in a worktree before it is deleted.
    await Promise.all(paths.map((path) => this.#filled(path)));
    await Promise.all(paths.map((path) => rm(path, { recursive: true, force: true })));
    await this.mutex.run(() => git(['worktree', 'prune'], { cwd: this.repoRoot, reject: false }));
  }

  async #filled(path: string): Promise<void> {
    const filling = this.#filling.get(path);
    if (!filling) return;
    await filling;
    this.#filling.delete(path);
  }

  async #discard(path: string): Promise<void> {
    await discardWorktreeDir(this.repoRoot, path, this.mutex);
  }
}
