import type { Journal } from '../journal/journal.js';
import { fromSnapshot, ruleFor, toSnapshot, transition } from './story-machine.js';

/**
 * Stories an interrupted run merged (the integration branch says `passes:
 * true`) but did not get to record as done: their record still says running
 * or merging, which `status` would show for ever. Recorded as done now,
 * through the story machine (before the run's own book is opened).
 */
export async function settleMergedStories(journal: Journal, passing: readonly string[]): Promise<void> {
  for (const id of passing) {
    const record = journal.story(id);
    if (!record) continue;
    const state = fromSnapshot(record);
    if (ruleFor(state, 'settle-merged') === null) continue;
    await journal.put(id, toSnapshot(transition(id, state, { type: 'settle-merged', at: Date.now() }).state));
  }
}
