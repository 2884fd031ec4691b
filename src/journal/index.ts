/** The run journal (state.json) and the one-run-per-repo lock. */
export * from './types.js';
export * from './journal.js';
export * from './lock.js';
export { journalProblem, isStoryState } from './validate.js';
