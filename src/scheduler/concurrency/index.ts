/** Concurrency for parallel runs: a fixed limit or the adaptive `auto` controller. */
export type { ConcurrencyPolicy, Decision, InitialLimit, MergeOutcome, Resources } from './types.js';
export { AGENTS_PER_CPU, resourceBounds, type ResourceBounds } from './bounds.js';
export { ConcurrencyController, type ControllerOptions } from './controller.js';
export { FixedConcurrency } from './fixed-policy.js';
export { createConcurrencyPolicy, type PolicySettings } from './policy.js';
export { formatDecision, describeHistory } from './format.js';
export { remainingWidth, type RunProgress } from './remaining-width.js';
export { readResources } from './resources.js';
