/**
 * Appending rows to a running listr2 list. listr2 9.0.5 runs only the tasks a
 * list held when it started (`Listr.add` on a running list draws the task but
 * never runs it), so the chain's last task is always an untitled "link" that
 * waits for the next row and then returns a sub-list of [that row, a new
 * link]. Untitled tasks are invisible and their sub-tasks render at their own
 * level, so the chain draws as one flat list in arrival order.
 */
import { Deferred } from './deferred.js';
import type { UiTask } from './listr-stream.js';
import type { Row } from './task-rows.js';

export class RowChain {
  readonly #clock: () => number;
  /** Rows appended while no link was waiting, in arrival order. */
  readonly #queue: Row[] = [];
  #waiting: Deferred<Row | null> | null = null;
  #closed = false;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** The first link; put it last in the root list. */
  link(): UiTask {
    return {
      task: async (_ctx, wrapper) => {
        const row = await this.#next();
        if (!row) return;
        return wrapper.newListr([row.task(this.#clock), this.link()], { concurrent: true, exitOnError: false });
      },
    };
  }

  append(row: Row): void {
    if (this.#waiting) {
      this.#waiting.resolve(row);
      this.#waiting = null;
    } else {
      this.#queue.push(row);
    }
  }

  /** No more rows: the last link ends (once the queued rows are placed), and with it the list. */
  close(): void {
    this.#closed = true;
    this.#waiting?.resolve(null);
    this.#waiting = null;
  }

  #next(): Promise<Row | null> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) return Promise.resolve(null);
    this.#waiting = new Deferred<Row | null>();
    return this.#waiting.promise;
  }
}
