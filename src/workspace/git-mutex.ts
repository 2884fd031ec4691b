/**
 * A FIFO async mutex. Git takes `index.lock`, `packed-refs.lock` and
 * per-ref locks and fails (rather than waits) when another git process holds
 * them, so every command that touches shared refs or the worktree list runs
 * through one instance, in the order it was requested.
 */
export class GitMutex {
  /** Settles when the most recently queued task has finished. */
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Run fn once every earlier task has settled; a failure does not block later tasks. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolveTail) => {
      release = resolveTail;
    });
    this.#pending += 1;
    return previous.then(async () => {
      try {
        return await fn();
      } finally {
        this.#pending -= 1;
        release();
      }
    });
  }

  /** Tasks queued or running (for diagnostics). */
  get pending(): number {
    return this.#pending;
  }
}
