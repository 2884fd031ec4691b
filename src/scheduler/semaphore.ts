/**
 * A counting semaphore whose limit can change while permits are held, so the
 * adaptive controller can lower or raise concurrency between story starts.
 * Lowering never preempts running stories; it only delays new ones.
 * A limit of 0 means unlimited.
 */
export class Semaphore {
  #limit: number;
  #held = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Semaphore.#check(limit);
  }

  static #check(limit: number): number {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`semaphore limit must be a non-negative integer, got ${limit}`);
    return limit;
  }

  get limit(): number {
    return this.#limit;
  }

  get held(): number {
    return this.#held;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  setLimit(limit: number): void {
    this.#limit = Semaphore.#check(limit);
    this.#drain();
  }

  #hasRoom(): boolean {
    return this.#limit === 0 || this.#held < this.#limit;
  }

  /** Resolves once a permit is held; call `release()` exactly once afterwards. */
  acquire(): Promise<void> {
    if (this.#hasRoom() && this.#waiters.length === 0) {
      this.#held += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(() => {
        this.#held += 1;
        resolve();
      });
    });
  }

  /** Takes a permit only if one is free right now. */
  tryAcquire(): boolean {
    if (!this.#hasRoom() || this.#waiters.length > 0) return false;
    this.#held += 1;
    return true;
  }

  release(): void {
    if (this.#held === 0) throw new Error('semaphore released more often than acquired');
    this.#held -= 1;
    this.#drain();
  }

  #drain(): void {
    while (this.#waiters.length > 0 && this.#hasRoom()) {
      const next = this.#waiters.shift();
      next?.();
    }
  }
}
