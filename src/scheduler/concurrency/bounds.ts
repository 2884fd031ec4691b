import type { Resources } from './types.js';

/**
 * Agents spend most of their time waiting on the model's API, not on the CPU,
 * so one core can carry more than one agent. They do run builds, tests and
 * gates in their worktrees in bursts, though, so the multiple stays small.
 * Three per core: on the 2-core reference machine two per core (a bound of 4)
 * kept `auto` 31 % behind a fixed limit of 6 on independent stories
 * (`npm run bench -- concurrency`), while bursts are still bounded by the
 * memory bound and the conflict feedback.
 */
export const AGENTS_PER_CPU = 3;

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
