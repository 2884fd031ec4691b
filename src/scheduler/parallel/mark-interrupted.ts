import type { ParallelRun } from './parallel-run.js';

/**
 * On a graceful stop (Ctrl-C), once every job has returned: stories whose
 * agent was still at work are recorded as interrupted, not left `running`
 * for `status` to show as if they still were. (Merging stories stay
 * `merging`: the next run merges them first.)
 */
export async function markInterrupted(run: ParallelRun): Promise<void> {
  for (const id of run.stories.inStatus('running')) await run.stories.apply(id, { type: 'interrupt', at: Date.now() });
}
