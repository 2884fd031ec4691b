import type { Journal } from './journal.js';

/**
 * Stories an interrupted run merged (the integration branch says `passes:
 * true`) but did not get to record as done: their record still says running
 * or merging, which `status` would show for ever. Recorded as done now.
 */
export async function settleMergedStories(journal: Journal, passing: readonly string[]): Promise<void> {
  for (const id of passing) {
    const state = journal.story(id)?.state;
    if (state === 'running' || state === 'merging') await journal.update(id, { state: 'done', worktree: null, reason: null, finishedAt: Date.now() });
  }
}
