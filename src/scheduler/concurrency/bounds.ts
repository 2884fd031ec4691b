import type { Resources } from './types.js';

/**
 * Agents spend most of their time waiting on the model's API, not on the CPU,
 * so one core can carry more than one agent. They do run builds, tests and
 * gates in their worktrees in bursts, though, so the multiple stays small:
 * two agents per core keeps those bursts from starving each other.
 */
export const AGENTS_PER_CPU = 2;

export interface ResourceBounds {
  /** Most agents the CPUs should carry (`cpus × AGENTS_PER_CPU`). */
  cpuBound: number;
  /** Most agents that fit in free memory (`floor(freeMemMb / agentMemoryMb)`); may be 0. */
  memBound: number;
}

/** Pure: turns a resource reading into agent-count bounds for `auto`. */
export function resourceBounds(resources: Resources, agentMemoryMb: number): ResourceBounds {
  if (!(agentMemoryMb > 0)) throw new RangeError(`agentMemoryMb must be positive, got ${agentMemoryMb}`);
  const cpus = Math.max(1, Math.floor(resources.cpus));
  return {
    cpuBound: cpus * AGENTS_PER_CPU,
    memBound: Math.max(0, Math.floor(resources.freeMemMb / agentMemoryMb)),
  };
}
