import type { Settings } from '../../config/types.js';
import { resourceBounds } from './bounds.js';
import { ConcurrencyController } from './controller.js';
import { FixedConcurrency } from './fixed-policy.js';
import type { ConcurrencyPolicy, Resources } from './types.js';

export type PolicySettings = Pick<
  Settings,
  'maxConcurrency' | 'autoCeiling' | 'agentMemoryMb' | 'conflictWindow' | 'conflictThreshold' | 'recoverAfter'
>;

/**
 * One interface for the runner: an explicit number (from flag, prd.json or rc)
 * is the user's decision and turns adaptation off; `auto` gets the adaptive
 * controller bounded by the ceiling and the machine. Pure: `resources` comes
 * from `readResources()` at the edge (or a test).
 */
export function createConcurrencyPolicy(settings: PolicySettings, resources: Resources): ConcurrencyPolicy {
  if (settings.maxConcurrency !== 'auto') return new FixedConcurrency(settings.maxConcurrency);
  const { cpuBound, memBound } = resourceBounds(resources, settings.agentMemoryMb);
  return new ConcurrencyController({
    ceiling: settings.autoCeiling,
    cpuBound,
    memBound,
    window: settings.conflictWindow,
    threshold: settings.conflictThreshold,
    recoverAfter: settings.recoverAfter,
  });
}
