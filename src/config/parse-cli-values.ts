import type { ConflictStrategy, InferenceMode, MaxConcurrency } from '../prd/types.js';
import {
  CONFLICT_STRATEGY_WORDS,
  INFERENCE_MODE_WORDS,
  MAX_CONCURRENCY_RULE,
  normaliseConflictStrategy,
  normaliseInferenceMode,
} from '../prd/vocabulary.js';
import { InputError } from '../util/errors.js';

/** `--max-concurrency`: an integer ≥ 0 (0 = unlimited) or `auto`. */
export function parseMaxConcurrency(value: string): MaxConcurrency {
  const text = value.trim();
  if (text === 'auto') return 'auto';
  if (/^\d+$/.test(text)) return Number(text);
  throw new InputError(`--max-concurrency must be ${MAX_CONCURRENCY_RULE}, got "${value}"`);
}

/** `--conflict-strategy`, in either vocabulary. */
export function parseConflictStrategy(value: string): ConflictStrategy {
  const strategy = normaliseConflictStrategy(value);
  if (strategy === null) {
    throw new InputError(`--conflict-strategy must be one of ${CONFLICT_STRATEGY_WORDS}, got "${value}"`);
  }
  return strategy;
}

/** `--inference-mode`, in either vocabulary. */
export function parseInferenceMode(value: string): InferenceMode {
  const mode = normaliseInferenceMode(value);
  if (mode === null) {
    throw new InputError(`--inference-mode must be one of ${INFERENCE_MODE_WORDS}, got "${value}"`);
  }
  return mode;
}
