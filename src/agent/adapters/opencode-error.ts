import { num, obj, str, type JsonObject } from '../json-line.js';
import { UNKNOWN_RESET_MS } from '../rate-limit.js';
import type { RateLimit } from '../types.js';
import { parseDelay } from './delay.js';

export interface OpencodeError {
  /** One line for the story's failure reason, with the HTTP status when there was one. */
  message: string;
  rateLimit: RateLimit | null;
}

/**
 * The `error` of an opencode `error` event: `{name, data: {message,
 * statusCode, isRetryable, responseHeaders, responseBody}}` for API errors,
 * `{name, data: {message}}` for others (e.g. ProviderAuthError).
 */
export function opencodeError(error: JsonObject, now: number = Date.now()): OpencodeError {
  const data = obj(error['data']);
  const name = str(error['name']);
  const text = str(data['message']) ?? str(error['message']) ?? name ?? 'opencode reported an error';
  const status = num(data['statusCode']);
  const named = name !== null && name !== 'UnknownError' && !text.startsWith(name) ? `${name}: ${text}` : text;
  const message = status > 0 ? `API error ${status}: ${text}` : named;
  const limited = status === 429 || /\brate[ _-]?limit/i.test(`${name ?? ''} ${text}`);
  return { message, rateLimit: limited ? { resetAt: now + retryDelay(obj(data['responseHeaders']), text, now), message } : null };
}

/** retry-after-ms, retry-after (seconds or an HTTP date), "try again in 20s" in the text; else a few minutes. */
function retryDelay(headers: JsonObject, text: string, now: number): number {
  const afterMs = str(headers['retry-after-ms']);
  if (afterMs !== null && afterMs.trim() !== '' && Number(afterMs) >= 0) return Number(afterMs);
  const after = str(headers['retry-after']);
  if (after !== null) {
    const seconds = Number(after);
    if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const inText = /(?:try again|retry) in\s+((?:\d+(?:\.\d+)?\s*(?:ms|h|m|s)\s*)+)/i.exec(text)?.[1];
  const fromText = inText ? parseDelay(inText) : null;
  return fromText ?? UNKNOWN_RESET_MS;
}
