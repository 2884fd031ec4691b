import type { RunEvent } from '../events/types.js';

/**
 * What every UI renderer implements: it is fed events in emission order and
 * closed once when the run is over. `close()` resolves when everything the
 * renderer wrote (including the summary) has been handed to its stream.
 */
export interface UiRenderer {
  handle(event: RunEvent): void;
  close(): Promise<void>;
}

/**
 * Resolves once everything written to `stream` so far has been handed on:
 * writes complete in order, so the callback of an empty write placed behind
 * them fires only after all of them.
 */
export function flush(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write('', (error) => (error ? reject(error) : resolve()));
  });
}
