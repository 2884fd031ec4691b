/**
 * `--json`: every event as one line of JSON (NDJSON), exactly the event object
 * plus `ts` (epoch ms when the renderer saw it), for machines to consume.
 * Nothing else is written to the stream — not even the summary table, since
 * the `summary` event already carries it.
 */
import type { RunEvent } from '../events/types.js';
import { flush, type UiRenderer } from './renderer.js';

export interface JsonRendererOptions {
  stream: NodeJS.WritableStream;
  /** Clock for `ts`; tests pin it. */
  now?: () => number;
}

/** One NDJSON line (without the trailing newline) for an event. */
export function toJsonLine(event: RunEvent, ts: number): string {
  return JSON.stringify({ ...event, ts });
}

export class JsonRenderer implements UiRenderer {
  readonly #stream: NodeJS.WritableStream;
  readonly #now: () => number;

  constructor(options: JsonRendererOptions) {
    this.#stream = options.stream;
    this.#now = options.now ?? Date.now;
  }

  handle(event: RunEvent): void {
    this.#stream.write(`${toJsonLine(event, this.#now())}\n`);
  }

  close(): Promise<void> {
    return flush(this.#stream);
  }
}
