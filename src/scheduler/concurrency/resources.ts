import { availableParallelism, freemem } from 'node:os';
import type { Resources } from './types.js';

const MIB = 1024 * 1024;

/**
 * The only effectful part of `auto`: reads CPUs and free memory once, at
 * start. Free memory is the smaller of the OS figure and, where Node offers
 * it (≥ 20.13), `process.availableMemory()`, which honours cgroup limits, so
 * a container does not size itself by the host's RAM.
 */
export function readResources(): Resources {
  let free = freemem();
  if (typeof process.availableMemory === 'function') {
    const available = process.availableMemory();
    if (Number.isFinite(available) && available > 0) free = Math.min(free, available);
  }
  return { cpus: availableParallelism(), freeMemMb: Math.floor(free / MIB) };
}
