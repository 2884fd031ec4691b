import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { git } from './git.js';
import type { GitMutex } from './git-mutex.js';
import { listWorktrees } from './worktrees.js';
import { pathExists } from '../util/path-exists.js';

/**
 * Keeps the worktrees of merged stories for the next stories instead of
 * deleting them. Filling a fresh worktree writes every file of the repository
 * (on big repos, and on slow file systems, the largest per-story cost);
 * switching a used one to the new head rewrites only what differs. Ignored
 * files (node_modules from the setup command) survive, which speeds setup up.
 */
export class WorktreeRecycler {
  readonly #free: string[] = [];

  constructor(
    private readonly repoRoot: string,
    private readonly mutex: GitMutex,
  ) {}

  get size(): number {
    return this.#free.length;
  }

  /** Worktrees an interrupted run had kept for reuse (detached, under the worktree dir). */
  async adopt(underDir: string): Promise<void> {
    const base = resolve(underDir) + sep;
    for (const entry of await listWorktrees(this.repoRoot)) {
      if (entry.branch === null && resolve(entry.path).startsWith(base) && (await pathExists(entry.path))) this.#free.push(entry.path);
    }
  }

  /** Detaches a merged story's worktree so its branch can go, and keeps it for reuse. */
  async release(path: string): Promise<void> {
    await git(['checkout', '--quiet', '--detach'], { cwd: path });
    this.#free.push(path);
  }

  /**
   * Moves a kept worktree to `path` and checks out `branch` (created at
   * `base`) there. False when none is free or the move fails (the caller then
   * creates a fresh worktree).
   */
  async reuse(path: string, branch: string, base: string): Promise<boolean> {
    const from = this.#free.pop();
    if (from === undefined) return false;
    if (await pathExists(path)) {
      this.#free.push(from);
      return false;
    }
    const moved = await this.mutex.run(() => git(['worktree', 'move', from, path], { cwd: this.repoRoot, reject: false }));
    if (moved.exitCode !== 0) {
      await this.#discard(from);
      return false;
    }
    const switched = await this.mutex.run(() => git(['checkout', '--quiet', '--force', '--no-track', '-B', branch, base], { cwd: path, reject: false }));
    if (switched.exitCode !== 0) {
      await this.#discard(path);
      return false;
    }
    // Untracked leftovers of the previous story (not ignored ones) must not leak into this one.
    await git(['clean', '-fdq'], { cwd: path });
    return true;
  }

  /** Removes every kept worktree (end of run). */
  async drain(): Promise<void> {
    for (const path of this.#free.splice(0)) await this.#discard(path);
  }

  async #discard(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
    await this.mutex.run(() => git(['worktree', 'prune'], { cwd: this.repoRoot, reject: false }));
  }
}
