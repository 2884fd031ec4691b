/**
 * The single merge lane: jobs run one at a time in the order they were
 * enqueued (completion order of stories). A failing job does not stop the lane.
 */
export class MergeQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  get pending(): number {
    return this.#pending;
  }

  enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.#pending += 1;
    const run = this.#tail.then(job, job);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.#pending -= 1;
    });
  }

  /** Resolves when every job enqueued so far has finished. */
  async idle(): Promise<void> {
    while (this.#pending > 0) await this.#tail;
  }
}
