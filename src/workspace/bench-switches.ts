/**
 * Turns a speed-up of the parallel run off, for `npm run bench -- optimisations`
 * only: each one must show it still pays for itself with agents that take
 * seconds. `RALPH_WT_BENCH_WITHOUT=ledger,streams` runs without those two.
 * It lives in src because the bench measures the shipped CLI in a child
 * process: an environment variable is the one way in that adds no flag or
 * setting a user would see, and each switch point is the one place that
 * speed-up can be bypassed.
 */
export type Optimisation = 'ledger' | 'recycler' | 'prewarm' | 'streams' | 'from-objects';

export function benchWithout(name: Optimisation): boolean {
  const off = process.env['RALPH_WT_BENCH_WITHOUT'];
  return off !== undefined && off.split(',').includes(name);
}
