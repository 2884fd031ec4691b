import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunContext } from '../run/context.js';
import { addCheckedOutWorktree, forceCheckoutDetached, forceRemoveWorktree, moveWorktree, removeUntracked } from '../workspace/worktree-commands.js';
import { runSetup } from '../workspace/setup.js';
import { pathExists } from '../util/path-exists.js';

/** Where the merge worktree can come from instead of being filled from scratch. */
export interface WorktreeDonor {
  take(): Promise<{ path: string; clean: boolean } | null>;
}

/**
 * A detached worktree where a candidate merge commit is checked out so the
 * quality gates (and reconciliation) can judge it before the integration
 * branch moves. Made on first use — from a finished story's worktree when one
 * is free (a move, and the checkout rewrites only what differs), else by
 * `git worktree add` — and reused: switching commits there is incremental,
 * and ignored files (node_modules from the setup command) survive.
 */
export class MergeWorktree {
  readonly path: string;
  #ready: Promise<void> | null = null;
  /**
   * What is known of the worktree since it was made, until its first use:
   * the commit checked out (that checkout is then a no-op) and whether it
   * holds no untracked files (then it needs no `git clean`).
   */
  #made: { commit: string | null; untrackedFree: boolean } = { commit: null, untrackedFree: false };

  constructor(
    private readonly ctx: RunContext,
    private readonly donor: WorktreeDonor | null = null,
  ) {
    this.path = join(ctx.ralphDir, 'merge-worktree');
  }

  async checkout(commit: string): Promise<string> {
    this.#ready ??= this.#create(commit);
    await this.#ready;
    const made = this.#made;
    this.#made = { commit: null, untrackedFree: false };
    if (made.commit === commit) return this.path;
    await forceCheckoutDetached(this.path, commit);
    // Gates and reconciliation may leave files behind; the next candidate must not see them.
    if (!made.untrackedFree) await removeUntracked(this.path);
    return this.path;
  }

  async #create(commit: string): Promise<void> {
    const { ctx } = this;
    await ctx.gitMutex.run(async () => {
      if (await pathExists(join(this.path, '.git'))) return;
      const donated = (await this.donor?.take()) ?? null;
      if (donated) {
        if (await moveWorktree(ctx.repoRoot, donated.path, this.path)) {
          this.#made = { commit: null, untrackedFree: donated.clean };
          return;
        }
        await rm(donated.path, { recursive: true, force: true });
      }
      await mkdir(dirname(this.path), { recursive: true });
      await addCheckedOutWorktree(ctx.repoRoot, this.path, commit);
      this.#made = { commit, untrackedFree: true };
    });
    if (ctx.settings.worktreeSetup) {
      // The setup command may leave files anywhere.
      this.#made = { commit: null, untrackedFree: false };
      const setup = await runSetup({
        command: ctx.settings.worktreeSetup,
        cwd: this.path,
        logFile: join(ctx.logDir, 'merge-worktree.log'),
        timeoutMs: ctx.settings.agentTimeout * 1000,
      });
      if (!setup.ok) throw new Error(`setup command failed in the merge worktree (exit ${String(setup.exitCode)}): ${setup.outputTail.slice(-500)}`);
    }
  }

  async remove(): Promise<void> {
    if (!this.#ready) return;
    await this.ctx.gitMutex.run(async () => {
      await forceRemoveWorktree(this.ctx.repoRoot, this.path);
    });
  }
}
