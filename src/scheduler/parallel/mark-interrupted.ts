import type { ParallelRun } from './parallel-run.js';

/**
 * On a graceful stop (Ctrl-C), once every job has returned: stories whose
 * agent was still at work are recorded as interrupted, not left `running`
 * for `status` to show as if they still were. (Merging stories stay
 * `merging`: the next run merges them first.)
 */
export async function markInterrupted(run: ParallelRun): Promise<void> {
  for (const story of run.ctx.prd.prd.userStories) {
    if (run.journal.story(story.id)?.state === 'running') await run.record(story.id, { state: 'interrupted', reason: 'the run was interrupted', finishedAt: Date.now() });
  }
}
