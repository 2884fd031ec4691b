/**
 * The process-wide piscina pool, created on first use. Piscina unrefs idle workers, so an open pool does not keep
 * the process alive; closeExtractPool() is for tests and long-lived callers that want the threads gone.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { WorkerResult, WorkerTask } from './types.js';

let pool: Piscina<WorkerTask, WorkerResult> | null = null;
let poolFile: string | null = null;

export function poolThreads(): number {
  return Math.max(1, availableParallelism());
}

export function getPool(workerFile: string): Piscina<WorkerTask, WorkerResult> {
  if (pool && poolFile !== workerFile) {
    // A different worker file (tests pass their own build): retire the old pool without waiting for it.
    void pool.destroy();
    pool = null;
  }
  if (!pool) {
    const threads = poolThreads();
    // Keep threads for a while: starting one costs the wasm runtime and grammar loads (~100 ms).
    pool = new Piscina<WorkerTask, WorkerResult>({ filename: workerFile, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
    poolFile = workerFile;
  }
  return pool;
}

export async function closeExtractPool(): Promise<void> {
  const current = pool;
  pool = null;
  poolFile = null;
  if (current) await current.destroy();
}
