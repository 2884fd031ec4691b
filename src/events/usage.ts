import type { Usage } from './types.js';

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: null };
}

/**
 * Sums two usages. Cost stays null only while nobody reported one; once any
 * run did, an unknown cost counts as zero — one rule for the adapters, the
 * live display and the summary, so their totals agree.
 */
export function addUsage(a: Usage | null, b: Usage): Usage {
  const base = a ?? emptyUsage();
  return {
    inputTokens: base.inputTokens + b.inputTokens,
    outputTokens: base.outputTokens + b.outputTokens,
    cacheReadTokens: base.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: base.cacheWriteTokens + b.cacheWriteTokens,
    costUsd: base.costUsd === null && b.costUsd === null ? null : (base.costUsd ?? 0) + (b.costUsd ?? 0),
  };
}
