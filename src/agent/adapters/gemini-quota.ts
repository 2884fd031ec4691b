import { nextOccurrence, UNKNOWN_RESET_MS } from '../rate-limit.js';
import type { RateLimit } from '../types.js';
import { parseDelay } from './delay.js';

/**
 * Gemini API per-day quotas reset at midnight Pacific time; gemini-cli's
 * daily-quota message ("You have exhausted your daily quota on this model.")
 * carries no time of its own.
 */
const DAILY_RESET_ZONE = 'America/Los_Angeles';

/** Wording of gemini-cli's quota errors (TerminalQuotaError and the raw 429 RESOURCE_EXHAUSTED it passes through). */
const QUOTA_PATTERN = /exhausted your (?:daily quota|capacity)|quota exceeded|exceeded your current quota|RESOURCE_EXHAUSTED|TerminalQuotaError|\b429\b/i;

/**
 * The delay gemini-cli or the API names: "Please retry in 3.5s",
 * "Suggested retry after 400s.", "Your quota will reset after 19h23m50s.".
 */
const DELAY_PATTERN = /(?:retry in|retry after|reset after)\s+((?:\d+(?:\.\d+)?\s*(?:ms|h|m|s)\s*)+)/i;

/**
 * A quota or rate-limit error of gemini-cli as a wait: the delay it names,
 * else midnight Pacific for a daily quota, else a few minutes. Only call it
 * on gemini's own error text (a `result` error or an `error` event of
 * severity error): warnings are retries gemini handles itself.
 */
export function geminiRateLimit(text: string, now: number = Date.now()): RateLimit | null {
  if (!QUOTA_PATTERN.test(text)) return null;
  const message = summary(text);
  const delay = DELAY_PATTERN.exec(text)?.[1];
  const delayMs = delay ? parseDelay(delay) : null;
  if (delayMs !== null) return { resetAt: now + Math.ceil(delayMs), message };
  if (/daily quota|PerDay/i.test(text)) return { resetAt: nextOccurrence(0, 0, DAILY_RESET_ZONE, now), message };
  return { resetAt: now + UNKNOWN_RESET_MS, message };
}

/**
 * gemini wraps API errors as "[API Error: <message or JSON>]" followed by
 * advice lines; the JSON form gets its code, status and message pulled out.
 */
export function geminiErrorText(text: string): string {
  const wrapped = /^\[API Error: ([\s\S]*?)\](?=\s*(?:\n|$))/.exec(text.trim());
  const inner = wrapped?.[1]?.trim() ?? text.trim();
  if (inner.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(inner);
      const error = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['error'] : undefined;
      if (typeof error === 'object' && error !== null) {
        const fields = error as Record<string, unknown>;
        const head = [fields['code'], fields['status']].filter((v) => typeof v === 'number' || typeof v === 'string').join(' ');
        const detail = typeof fields['message'] === 'string' ? fields['message'] : inner;
        return head ? `API error ${head}: ${detail}` : detail;
      }
    } catch {
      // not JSON after all: fall through to the text itself
    }
  }
  return inner;
}

function summary(text: string): string {
  const flat = geminiErrorText(text).replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
