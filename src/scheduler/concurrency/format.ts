import type { Decision } from './types.js';

/** The full log line for one change: `concurrency 3 → 2: 2 of last 4 merges conflicted (threshold 30%)`. */
export function formatDecision(decision: Decision): string {
  return `concurrency ${decision.from} → ${decision.to}: ${decision.reason}`;
}

/**
 * One line for the summary: `3 → 2 (…), 2 → 3 (…)`, or `unchanged` when the
 * limit never moved. Accepts the summary's history entries (which carry `at`) too.
 */
export function describeHistory(decisions: readonly Decision[]): string {
  if (decisions.length === 0) return 'unchanged';
  return decisions.map((d) => `${d.from} → ${d.to} (${d.reason})`).join(', ');
}
