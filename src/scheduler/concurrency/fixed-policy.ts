import type { ConcurrencyPolicy, Decision, InitialLimit } from './types.js';

/**
 * An explicit `maxConcurrency` number: the user chose, so nothing adapts.
 * Never returns a Decision; 0 means unlimited (the semaphore's convention).
 */
export class FixedConcurrency implements ConcurrencyPolicy {
  readonly mode = 'fixed';
  readonly limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`maxConcurrency must be a non-negative integer, got ${limit}`);
    this.limit = limit;
  }

  initial(): InitialLimit {
    return { limit: this.limit, reason: this.limit === 0 ? 'unlimited (maxConcurrency 0)' : `fixed by maxConcurrency ${this.limit}` };
  }

  onMerge(): Decision | null {
    return null;
  }

  onWidthChange(): Decision | null {
    return null;
  }

  history(): readonly Decision[] {
    return [];
  }
}
