import type { ServerResponse } from 'node:http';
import { sendJson } from '../lib/fake-api.js';

/** An HTTP error the fake model answers instead of a turn (429, 401, 529…). */
export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * What the fake model does on its Nth main request (one listing tools): an
 * error, `drop` (a 200 stream cut before it completes), or `turn` (the normal
 * flow: ask to write the file, then answer with the final text).
 */
export type Step = ErrorReply | 'drop' | 'turn';

export function sendError(res: ServerResponse, reply: ErrorReply): void {
  sendJson(res, reply.status, reply.body, reply.headers ?? {});
}

/** Steps are consumed in order; once used up every request gets a normal turn. */
export function stepAt(steps: Step[], index: number): Step {
  return steps[index] ?? 'turn';
}
