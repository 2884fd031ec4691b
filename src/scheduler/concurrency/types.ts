/**
 * Vocabulary of the concurrency policy shared by the fixed limit and the
 * adaptive controller, so the runner drives both through one interface.
 */

/** How one story's merge went, as far as concurrency is concerned. */
export type MergeOutcome = 'clean' | 'conflict';

/**
 * One change of the concurrency limit. `reason` is the bare explanation
 * (`2 of last 4 merges conflicted (threshold 30%)`), matching the
 * `concurrency` event; `formatDecision` adds the `concurrency 3 → 2: ` prefix.
 */
export interface Decision {
  from: number;
  to: number;
  reason: string;
}

/** The limit a run starts with and why (not a change, so not a Decision). */
export interface InitialLimit {
  /** 0 = unlimited (only ever from an explicit `maxConcurrency: 0`). */
  limit: number;
  reason: string;
}

/** What the machine offers; read by `readResources()`, passed in so the core stays pure. */
export interface Resources {
  cpus: number;
  freeMemMb: number;
}

/** The runner's single handle on concurrency, fixed or adaptive. */
export interface ConcurrencyPolicy {
  readonly mode: 'fixed' | 'auto';
  /** Current limit (0 = unlimited). */
  readonly limit: number;
  /** Sets the starting limit from the remaining graph width; call once before the first story starts. */
  initial(remainingWidth: number): InitialLimit;
  /** Report one merge result (and the width left after it); a Decision when the limit should change. */
  onMerge(outcome: MergeOutcome, remainingWidth: number): Decision | null;
  /** Report a new remaining width (e.g. after a story failed); a Decision when the limit should change. */
  onWidthChange(remainingWidth: number): Decision | null;
  /** Every Decision returned so far, oldest first. */
  history(): readonly Decision[];
}
