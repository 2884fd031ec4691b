/**
 * The notices under the task list (concurrency changes, warnings, rate limits, flagged issues): the latest
 * few, oldest first, a short log that scrolls.
 */
export class NoticeBar {
  readonly #maxLines: number;
  readonly #lines: string[] = [];

  constructor(maxLines: number) {
    this.#maxLines = maxLines;
  }

  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#maxLines) this.#lines.shift();
  }

  get lines(): readonly string[] {
    return this.#lines;
  }
}
