import type { Usage } from '../events/types.js';
import { addUsage } from '../events/usage.js';

/** Records one keyed contribution and returns the new total. */
export function recordUsagePart(parts: Map<string, Usage>, key: string, usage: Usage): Usage {
  parts.set(key, usage);
  let total: Usage | null = null;
  for (const part of parts.values()) total = addUsage(total, part);
  return total ?? usage;
}
