import { detectRateLimitText, nextOccurrence, normaliseEpochMs, parseClock, rateLimitFromClaudeEvent, zonedToEpoch } from '../../src/agent/rate-limit.js';

// 2026-03-10T12:00:00Z: a Tuesday, outside any DST change in Europe or America.
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);

describe('epoch units', () => {
  it('treats small values as seconds and large ones as ms', () => {
    expect(normaliseEpochMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(normaliseEpochMs(1_700_000_000_000)).toBe(1_700_000_000_000);
  });
});

describe('claude rate_limit_event', () => {
  it('ignores allowed and allowed_warning', () => {
    expect(rateLimitFromClaudeEvent({ status: 'allowed', resetsAt: 1 })).toBeNull();
    expect(rateLimitFromClaudeEvent({ status: 'allowed_warning', resetsAt: 1, utilization: 0.9 })).toBeNull();
  });
  it('reads rejected with seconds or ms', () => {
    expect(rateLimitFromClaudeEvent({ status: 'rejected', resetsAt: 1_800_000_000, rateLimitType: 'five_hour' })?.resetAt).toBe(1_800_000_000_000);
    const limit = rateLimitFromClaudeEvent({ status: 'rejected', resetsAt: 1_800_000_000_123, rateLimitType: 'seven_day' });
    expect(limit?.resetAt).toBe(1_800_000_000_123);
    expect(limit?.message).toContain('seven_day');
  });
  it('falls back to a short wait when rejected without a reset time', () => {
    expect(rateLimitFromClaudeEvent({ status: 'rejected' }, { now: NOW })?.resetAt).toBe(NOW + 5 * 60 * 1000);
  });
});

describe('text patterns', () => {
  it('old claude format with epoch seconds', () => {
    expect(detectRateLimitText('Claude AI usage limit reached|1760000000', { now: NOW })).toEqual({
      resetAt: 1_760_000_000_000, message: 'Claude AI usage limit reached|1760000000',
    });
  });

  it('"resets 3pm (Europe/Stockholm)": later today in that zone', () => {
    // Stockholm is UTC+1 in March before DST: 15:00 local = 14:00Z.
    const limit = detectRateLimitText('5-hour limit reached ∙ resets 3pm (Europe/Stockholm) · /upgrade to increase your usage limit.', { now: NOW });
    expect(limit?.resetAt).toBe(Date.UTC(2026, 2, 10, 14, 0));
  });

  it('"resets 5am (Europe/Ljubljana)": already past today, so tomorrow', () => {
    const limit = detectRateLimitText("You've hit your limit · resets 5am (Europe/Ljubljana)", { now: NOW });
    expect(limit?.resetAt).toBe(Date.UTC(2026, 2, 11, 4, 0));
  });

  it('"resets 4:50am (Europe/Rome)" with minutes', () => {
    expect(detectRateLimitText("You've hit your limit · resets 4:50am (Europe/Rome)", { now: NOW })?.resetAt).toBe(Date.UTC(2026, 2, 11, 3, 50));
  });

  it('"Your limit will reset at 9am (America/Chicago)"', () => {
    // Chicago switched to CDT (UTC-5) on 2026-03-08: 9am = 14:00Z, still ahead of 12:00Z.
    const limit = detectRateLimitText('Claude usage limit reached. Your limit will reset at 9am (America/Chicago).', { now: NOW });
    expect(limit?.resetAt).toBe(Date.UTC(2026, 2, 10, 14, 0));
  });

  it('weekly variant with a date', () => {
    const limit = detectRateLimitText('Weekly limit reached ∙ resets Mar 13, 1am (Europe/Berlin)', { now: NOW });
    expect(limit?.resetAt).toBe(Date.UTC(2026, 2, 13, 0, 0));
  });

  it('an unknown zone falls back to the local zone instead of failing', () => {
    const limit = detectRateLimitText('Session limit reached ∙ resets 11pm (Mars/Olympus)', { now: NOW, localTimeZone: 'UTC' });
    expect(limit?.resetAt).toBe(Date.UTC(2026, 2, 10, 23, 0));
  });

  it('codex "try again at 12:16 PM" in local time', () => {
    const text = "You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again at 12:16 PM.";
    expect(detectRateLimitText(text, { now: NOW, localTimeZone: 'UTC' })?.resetAt).toBe(Date.UTC(2026, 2, 10, 12, 16));
    expect(detectRateLimitText(text, { now: NOW, localTimeZone: 'Asia/Tokyo' })?.resetAt).toBe(Date.UTC(2026, 2, 11, 3, 16));
  });

  it('codex "try again at Dec 29th, 2026 10:15 PM"', () => {
    const text = "You've hit your usage limit. Upgrade to Plus to continue using Codex, or try again at Dec 29th, 2026 10:15 PM.";
    expect(detectRateLimitText(text, { now: NOW, localTimeZone: 'UTC' })?.resetAt).toBe(Date.UTC(2026, 11, 29, 22, 15));
  });

  it('codex "try again in 3 days 2 hours"', () => {
    const text = "You've hit your usage limit. Try again in 3 days 2 hours.";
    expect(detectRateLimitText(text, { now: NOW })?.resetAt).toBe(NOW + 3 * 86_400_000 + 2 * 3_600_000);
  });

  it('returns null for ordinary text and for limits without a time', () => {
    expect(detectRateLimitText('All tests pass. Rate limiting middleware added.', { now: NOW })).toBeNull();
    expect(detectRateLimitText('I implemented resets at 3pm for the cron job.', { now: NOW })).toBeNull();
    expect(detectRateLimitText("You've hit your usage limit.", { now: NOW })).toBeNull();
  });
});

describe('clock helpers', () => {
  it('parses 12- and 24-hour clocks', () => {
    expect(parseClock('12am')).toEqual({ hour: 0, minute: 0 });
    expect(parseClock('12:30 PM')).toEqual({ hour: 12, minute: 30 });
    expect(parseClock('4:50am')).toEqual({ hour: 4, minute: 50 });
    expect(parseClock('15:05')).toEqual({ hour: 15, minute: 5 });
    expect(parseClock('13pm')).toBeNull();
    expect(parseClock('7')).toBeNull();
  });

  it('converts wall-clock time across a DST change', () => {
    // New York: 2026-03-08 is the spring-forward day; 10:00 EDT = 14:00Z, the day before 10:00 EST = 15:00Z.
    expect(zonedToEpoch({ year: 2026, month: 3, day: 8, hour: 10, minute: 0 }, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 14, 0));
    expect(zonedToEpoch({ year: 2026, month: 3, day: 7, hour: 10, minute: 0 }, 'America/New_York')).toBe(Date.UTC(2026, 2, 7, 15, 0));
  });

  it('next occurrence is strictly in the future', () => {
    expect(nextOccurrence(11, 59, 'UTC', NOW)).toBe(NOW - 60_000 + 86_400_000);
    expect(nextOccurrence(12, 1, 'UTC', NOW)).toBe(NOW + 60_000);
  });

  it('a reset printed as the current minute ends with that minute, not tomorrow', () => {
    // codex prints "try again at 12:00 PM" for a reset at 12:00:33.
    expect(nextOccurrence(12, 0, 'UTC', NOW)).toBe(NOW + 60_000);
    expect(nextOccurrence(12, 0, 'UTC', NOW + 59_000)).toBe(NOW + 60_000);
  });
});
