import type { Usage } from '../events/types.js';

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: null };
}

/** Sum two usages; cost stays null only when neither side knows it. */
export function addUsage(a: Usage | null, b: Usage): Usage {
  const base = a ?? emptyUsage();
  const cost = base.costUsd === null && b.costUsd === null ? null : (base.costUsd ?? 0) + (b.costUsd ?? 0);
  return {
    inputTokens: base.inputTokens + b.inputTokens,
    outputTokens: base.outputTokens + b.outputTokens,
    cacheReadTokens: base.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: base.cacheWriteTokens + b.cacheWriteTokens,
    costUsd: cost,
  };
}

/** Records one keyed contribution and returns the new total. */
export function recordUsagePart(parts: Map<string, Usage>, key: string, usage: Usage): Usage {
  parts.set(key, usage);
  let total: Usage | null = null;
  for (const part of parts.values()) total = addUsage(total, part);
  return total ?? usage;
}
