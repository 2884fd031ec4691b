import { setTimeout as delay } from 'node:timers/promises';

/** Sleeps `ms`; false when the signal aborted it (or already had), true when the full time passed. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(Math.max(0, ms), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
