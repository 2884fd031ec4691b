/**
 * The notices under the task list (concurrency changes, warnings, rate
 * limits, flagged issues). listr2 shows an untitled task's output in its
 * bottom bar and keeps the last `bottomBar` lines: exactly a short log.
 */
import { Deferred } from './deferred.js';
import type { UiTask } from './listr-stream.js';

export class NoticeBar {
  readonly #maxLines: number;
  /** Notices that came before listr started the task. */
  readonly #pending: string[] = [];
  #write: ((line: string) => void) | null = null;
  readonly #ended = new Deferred<void>();

  constructor(maxLines: number) {
    this.#maxLines = maxLines;
  }

  task(): UiTask {
    return {
      rendererOptions: { bottomBar: this.#maxLines, persistentOutput: true },
      task: async (_ctx, wrapper) => {
        this.#write = (line) => {
          wrapper.output = line;
        };
        for (const line of this.#pending.splice(0)) this.#write(line);
        await this.#ended.promise;
      },
    };
  }

  push(line: string): void {
    if (this.#write) this.#write(line);
    else this.#pending.push(line);
  }

  close(): void {
    this.#ended.resolve();
  }
}
