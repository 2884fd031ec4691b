import type { RateLimit } from './types.js';

export type { RateLimit } from './types.js';

export interface RateLimitClock {
  /** Epoch ms treated as "now". */
  now?: number;
  /** IANA zone for times printed without one (codex prints local time). */
  localTimeZone?: string;
}

/** Used when an agent says it is blocked but not until when. */
export const UNKNOWN_RESET_MS = 5 * 60 * 1000;

/**
 * Wait after a provider API kept answering 429 through the agent's own
 * retries and named no reset: per-minute request/token limits.
 */
export const API_RATE_LIMIT_WAIT_MS = 60 * 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_PATTERN = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+';
const CLOCK_PATTERN = '(\\d{1,2}(?::\\d{2})?\\s*[ap]\\.?m\\.?|\\d{1,2}:\\d{2})';

/** Epoch values arrive in seconds from some versions and in ms from others. */
export function normaliseEpochMs(value: number): number {
  return value < 1e12 ? value * 1000 : value;
}

/**
 * Claude stream-json `rate_limit_event`: emitted on healthy runs too, so only
 * status `rejected` means the agent is blocked — and not even that while
 * `isUsingOverage` is true.
 */
export function rateLimitFromClaudeEvent(info: Record<string, unknown>, clock: RateLimitClock = {}): RateLimit | null {
  if (info['status'] !== 'rejected') return null;
  // The plan limit is reached but the run goes on, billed as paid extra usage.
  if (info['isUsingOverage'] === true) return null;
  const now = clock.now ?? Date.now();
  const kind = typeof info['rateLimitType'] === 'string' ? ` (${info['rateLimitType']})` : '';
  const raw = info['resetsAt'];
  let resetAt: number | null = null;
  if (typeof raw === 'number' && Number.isFinite(raw)) resetAt = normaliseEpochMs(raw);
  else if (typeof raw === 'string') {
    const numeric = Number(raw);
    const parsed = Number.isFinite(numeric) && raw.trim() !== '' ? normaliseEpochMs(numeric) : Date.parse(raw);
    if (Number.isFinite(parsed)) resetAt = parsed;
  }
  if (resetAt === null) {
    return { resetAt: now + UNKNOWN_RESET_MS, message: `Claude rate limit reached${kind}; reset time unknown` };
  }
  return { resetAt, message: `Claude rate limit reached${kind}; resets ${new Date(resetAt).toISOString()}` };
}

/**
 * Recognises the human-readable limit messages of claude and codex. Only call
 * it on the agent's own result/error text, never on tool output: code that
 * talks about limits would otherwise stop the run.
 */
export function detectRateLimitText(text: string, clock: RateLimitClock = {}): RateLimit | null {
  const now = clock.now ?? Date.now();
  const localZone = clock.localTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const message = summarise(text);

  const epoch = /Claude AI usage limit reached\|(\d{9,14})/.exec(text);
  if (epoch?.[1]) return { resetAt: normaliseEpochMs(Number(epoch[1])), message };

  if (/limit/i.test(text)) {
    const claude = new RegExp(`resets?(?:\\s+at)?\\s+(?:${MONTH_PATTERN}(?:at\\s+)?)?${CLOCK_PATTERN}\\s*\\(([A-Za-z_]+(?:/[A-Za-z0-9_+\\-]+)*)\\)`, 'i').exec(text);
    if (claude) {
      const zone = validZone(claude[4]) ?? localZone;
      const resetAt = resolveWallClock(claude[1], claude[2], claude[3] ?? '', zone, now);
      if (resetAt !== null) return { resetAt, message };
    }
  }

  if (/usage limit/i.test(text)) {
    const inDuration = /try again in\s+([^.\n]+)/i.exec(text);
    if (inDuration?.[1]) {
      const ms = parseDuration(inDuration[1]);
      if (ms !== null) return { resetAt: now + ms, message };
    }
    const at = new RegExp(`try again at\\s+(?:${MONTH_PATTERN}(?:(\\d{4})\\s+)?(?:at\\s+)?)?${CLOCK_PATTERN}`, 'i').exec(text);
    if (at) {
      const year = at[3] ? Number(at[3]) : null;
      const resetAt = resolveWallClock(at[1], at[2], at[4] ?? '', localZone, now, year);
      if (resetAt !== null) return { resetAt, message };
    }
  }
  return null;
}

function summarise(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function validZone(zone: string | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/** "5am", "4:50 PM", "12:16 p.m.", "15:00" → hour/minute (24 h). */
export function parseClock(text: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(text.trim());
  if (!match?.[1]) return null;
  let hour = Number(match[1]);
  const minute = match[2] ? Number(match[2]) : 0;
  const half = match[3]?.toLowerCase();
  if (half === undefined && match[2] === undefined) return null;
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

function parseDuration(text: string): number | null {
  const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let total = 0;
  let found = false;
  for (const part of text.matchAll(/(\d+)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi)) {
    const unit = part[2]?.toLowerCase() ?? '';
    const key = unit.startsWith('mi') || unit === 'm' ? 'm' : (unit[0] ?? '');
    const size = units[key];
    if (size === undefined) continue;
    total += Number(part[1]) * size;
    found = true;
  }
  return found ? total : null;
}

/**
 * A wall-clock time (optionally with month/day and year) in `zone` → epoch ms.
 * Without a date it is the next occurrence after `now`; without a year it is
 * the next such date (a reset is always in the future).
 */
function resolveWallClock(
  monthText: string | undefined,
  dayText: string | undefined,
  clockText: string,
  zone: string,
  now: number,
  year: number | null = null,
): number | null {
  const clock = parseClock(clockText);
  if (!clock) return null;
  const today = wallDate(now, zone);
  if (monthText && dayText) {
    const month = MONTHS.indexOf(monthText.slice(0, 3).toLowerCase()) + 1;
    const day = Number(dayText);
    const candidate = zonedToEpoch({ year: year ?? today.year, month, day, ...clock }, zone);
    if (year === null && candidate < now - 86_400_000) {
      return zonedToEpoch({ year: today.year + 1, month, day, ...clock }, zone);
    }
    return candidate;
  }
  return nextOccurrence(clock.hour, clock.minute, zone, now);
}

export function nextOccurrence(hour: number, minute: number, zone: string, now: number): number {
  const today = wallDate(now, zone);
  const candidate = zonedToEpoch({ ...today, hour, minute }, zone);
  if (candidate > now) return candidate;
  // Resets are printed to the minute (codex: "try again at 10:39 PM" for 22:39:33):
  // the current minute means "within this minute", not tomorrow.
  if (now - candidate < 60_000) return candidate + 60_000;
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return zonedToEpoch(
    { year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth() + 1, day: tomorrow.getUTCDate(), hour, minute },
    zone,
  );
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallTime(epoch: number, zone: string): WallTime & { second: number } {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epoch))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 1970, month: parts['month'] ?? 1, day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0,
  };
}

function wallDate(epoch: number, zone: string): { year: number; month: number; day: number } {
  const { year, month, day } = wallTime(epoch, zone);
  return { year, month, day };
}

/** Offset of `zone` from UTC at instant `epoch`, ms (positive east of Greenwich). */
function zoneOffset(epoch: number, zone: string): number {
  const t = wallTime(epoch, zone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(epoch / 1000) * 1000;
}

/** Two passes settle the offset across a DST change. */
export function zonedToEpoch(time: WallTime, zone: string): number {
  const guess = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
  const first = guess - zoneOffset(guess, zone);
  return guess - zoneOffset(first, zone);
}
