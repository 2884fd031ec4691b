import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunContext } from '../run/context.js';
import { git } from '../workspace/git.js';
import { runSetup } from '../workspace/setup.js';
import { pathExists } from '../util/path-exists.js';

/**
 * A detached worktree where a candidate merge commit is checked out so the
 * quality gates can judge it before the integration branch moves. Created on
 * first use and reused: switching commits there is incremental, and ignored
 * files (node_modules from the setup command) survive between merges.
 */
export class MergeWorktree {
  readonly path: string;
  #ready: Promise<void> | null = null;

  constructor(private readonly ctx: RunContext) {
    this.path = join(ctx.ralphDir, 'merge-worktree');
  }

  async checkout(commit: string): Promise<string> {
    this.#ready ??= this.#create(commit);
    await this.#ready;
    await git(['checkout', '--quiet', '--force', '--detach', commit], { cwd: this.path });
    await git(['clean', '-fdq'], { cwd: this.path });
    return this.path;
  }

  async #create(commit: string): Promise<void> {
    const { ctx } = this;
    await ctx.gitMutex.run(async () => {
      await git(['worktree', 'prune'], { cwd: ctx.repoRoot });
      const registered = await pathExists(join(this.path, '.git'));
      if (!registered) {
        await mkdir(dirname(this.path), { recursive: true });
        await git(['worktree', 'add', '--detach', '--force', this.path, commit], { cwd: ctx.repoRoot });
      }
    });
    if (ctx.settings.worktreeSetup) {
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
      await git(['worktree', 'remove', '--force', this.path], { cwd: this.ctx.repoRoot, reject: false });
    });
  }
}

