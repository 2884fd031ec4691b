import { join } from 'node:path';
import { addDetachedWorktree } from '../../workspace/worktrees.js';
import type { ParallelRun } from './parallel-run.js';

/**
 * Worktrees for the rest of the first wave, registered before the run's
 * remaining startup work (integration branch, the user's checkout, the first
 * head read) and filled while it runs. Otherwise each first-wave story would
 * start filling its own only once started, behind that work — on a big
 * repository, seconds before its agent can start. Worktrees already on offer
 * (the probe, ones adopted from an earlier run) count. When an interrupted
 * attempt kept a worktree, its story goes back to it: nothing is added then.
 * Returns how many it added.
 */
export async function prewarmFirstWave(run: ParallelRun): Promise<number> {
  const { ctx } = run;
  if (run.stories.withWorktree().length > 0) return 0;
  const ready = run.graph.readyStories(run.stories.satisfiedIds(), new Set()).length;
  const wave = run.semaphore.limit === 0 ? ready : Math.min(run.semaphore.limit, ready);
  let added = 0;
  for (let i = run.recycler.size; i < wave; i += 1) {
    const path = join(run.worktreeBase, `.prewarm-${process.pid}-${i}`);
    // A worktree that cannot be made here is made by its story, which reports why.
    const made = await addDetachedWorktree(ctx.repoRoot, path, ctx.gitMutex).catch(() => null);
    if (!made) break;
    run.recycler.offer(made.path, made.filled);
    added += 1;
  }
  return added;
}
