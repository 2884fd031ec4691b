import type { ConcurrencyPolicy, Decision, InitialLimit, MergeOutcome } from './types.js';

export interface ControllerOptions {
  /** `autoCeiling`: the most `auto` ever runs at once. */
  ceiling: number;
  /** From `resourceBounds`: agents the CPUs can carry. */
  cpuBound: number;
  /** From `resourceBounds`: agents that fit in free memory (may be 0; the limit never goes below 1). */
  memBound: number;
  /** `conflictWindow`: how many recent merges the conflict rate is taken over. */
  window: number;
  /** `conflictThreshold`: conflict rate (0..1) above which the limit drops. */
  threshold: number;
  /** `recoverAfter`: consecutive clean merges before the limit rises by one. */
  recoverAfter: number;
}

/**
 * Adaptive concurrency for `maxConcurrency: auto`, as a pure state machine:
 * merge outcomes and remaining graph widths in, Decisions out. No timers, no
 * `os` calls; the runner applies a Decision with `semaphore.setLimit(to)`,
 * which only affects stories not yet started.
 *
 * Two quantities make the limit:
 * - `target`, what merge history says is safe (starts at the bound, drops on
 *   conflict bursts, climbs back on clean streaks, never above the bound);
 * - `width`, how many stories could still run at once.
 * The limit is `max(1, min(target, width))`, so a shrinking graph lowers it
 * and a growing one lets it back up to `target` without losing what the
 * merges taught.
 *
 * Conflict rule: once the conflicts among the last `window` merges exceed
 * `threshold × window`, the limit drops by one and the window is cleared, so
 * one burst costs one step, not one step per merge. The rate is counted
 * against the full window size even before `window` merges have happened:
 * that fires only when the full window is already certain to exceed the
 * threshold, i.e. as early as the rule can be known to hold.
 */
export class ConcurrencyController implements ConcurrencyPolicy {
  readonly mode = 'auto';
  readonly #options: ControllerOptions;
  /** min(ceiling, cpu, memory), at least 1: the most the limit may ever be. */
  readonly bound: number;
  #target: number;
  #width = 0;
  #limit = 0;
  #started = false;
  #recent: MergeOutcome[] = [];
  #cleanStreak = 0;
  readonly #decisions: Decision[] = [];

  constructor(options: ControllerOptions) {
    checkOptions(options);
    this.#options = { ...options };
    this.bound = Math.max(1, Math.min(options.ceiling, options.cpuBound, options.memBound));
    this.#target = this.bound;
  }

  get limit(): number {
    return this.#limit;
  }

  initial(remainingWidth: number): InitialLimit {
    const { ceiling, cpuBound, memBound } = this.#options;
    this.#started = true;
    this.#target = this.bound;
    this.#recent = [];
    this.#cleanStreak = 0;
    this.#width = Math.max(1, Math.floor(remainingWidth));
    this.#limit = this.#effective();
    const floorNote = Math.min(remainingWidth, cpuBound, memBound, ceiling) < 1 ? ' (at least 1)' : '';
    return {
      limit: this.#limit,
      reason: `auto: min(remaining width ${remainingWidth}, CPU bound ${cpuBound}, memory bound ${memBound}, ceiling ${ceiling}) = ${this.#limit}${floorNote}`,
    };
  }

  onMerge(outcome: MergeOutcome, remainingWidth: number): Decision | null {
    this.#requireStarted();
    const before = this.#limit;
    const reasons = this.#applyWidth(remainingWidth, before);
    const current = this.#effective();
    const { window, threshold, recoverAfter } = this.#options;

    this.#recent.push(outcome);
    if (this.#recent.length > window) this.#recent.shift();
    this.#cleanStreak = outcome === 'clean' ? this.#cleanStreak + 1 : 0;

    const conflicts = this.#recent.filter((o) => o === 'conflict').length;
    if (conflicts / window > threshold) {
      reasons.push(`${conflicts} of last ${this.#recent.length} merges conflicted (threshold ${percent(threshold)})`);
      // Lower from what is running now, not from a target the width had hidden.
      this.#target = Math.max(1, current - 1);
      this.#recent = [];
      this.#cleanStreak = 0;
    } else if (outcome === 'clean' && this.#cleanStreak >= recoverAfter && this.#target < Math.min(this.bound, this.#width)) {
      // Only climb when it changes the limit; a target hidden above the width proves nothing.
      reasons.push(`${this.#cleanStreak} clean merges in a row`);
      this.#target += 1;
      this.#cleanStreak = 0;
    }
    return this.#commit(before, reasons);
  }

  onWidthChange(remainingWidth: number): Decision | null {
    this.#requireStarted();
    const before = this.#limit;
    return this.#commit(before, this.#applyWidth(remainingWidth, before));
  }

  history(): readonly Decision[] {
    return [...this.#decisions];
  }

  /** Records a new width; the reason when it alone moves the limit. Width 0 (nothing left) changes nothing. */
  #applyWidth(remainingWidth: number, before: number): string[] {
    const width = Math.floor(remainingWidth);
    if (width < 1) return [];
    this.#width = width;
    const capped = this.#effective();
    if (capped < before) return [`only ${width} ${width === 1 ? 'story' : 'stories'} can still run in parallel`];
    if (capped > before) return [`${width} stories can run in parallel again`];
    return [];
  }

  #effective(): number {
    return Math.max(1, Math.min(this.#target, this.#width));
  }

  #commit(before: number, reasons: string[]): Decision | null {
    const after = this.#effective();
    this.#limit = after;
    if (after === before) return null;
    const decision: Decision = { from: before, to: after, reason: reasons.join('; ') };
    this.#decisions.push(decision);
    return decision;
  }

  #requireStarted(): void {
    if (!this.#started) throw new Error('ConcurrencyController: call initial() before reporting merges or widths');
  }
}

/** 0.3 → `30%`, 0.125 → `12.5%` (toFixed avoids 30.000000000000004). */
function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}

function checkOptions(o: ControllerOptions): void {
  const positive = { ceiling: o.ceiling, window: o.window, recoverAfter: o.recoverAfter };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  for (const [name, value] of Object.entries({ cpuBound: o.cpuBound, memBound: o.memBound })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  if (!(o.threshold >= 0 && o.threshold <= 1)) throw new RangeError(`threshold must be between 0 and 1, got ${o.threshold}`);
}
