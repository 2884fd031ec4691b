import type { ConflictStrategy, InferenceMode, MaxConcurrency } from './types.js';

/**
 * PRDs written for the Rust Ralph use a different vocabulary for the same
 * settings; both are accepted everywhere (prd.json, rc file, CLI) and mapped
 * onto ours so the rest of the program only sees one set of words.
 */
const CONFLICT_STRATEGIES: Readonly<Record<string, ConflictStrategy>> = {
  entity: 'entity',
  file: 'file',
  none: 'none',
  entity_based: 'entity',
  file_based: 'file',
};

const INFERENCE_MODES: Readonly<Record<string, InferenceMode>> = {
  files: 'files',
  embeddings: 'embeddings',
  hybrid: 'hybrid',
  explicit: 'explicit',
  none: 'none',
  auto: 'hybrid',
  disabled: 'none',
};

/** Human-readable list of accepted words, for error messages. */
export const CONFLICT_STRATEGY_WORDS = 'entity, file, none (or entity_based, file_based)';
export const INFERENCE_MODE_WORDS = 'files, embeddings, hybrid, explicit, none (or auto, disabled)';

function lookup<T>(table: Readonly<Record<string, T>>, value: string): T | null {
  const word = value.trim().toLowerCase();
  return Object.hasOwn(table, word) ? (table[word] ?? null) : null;
}

/** Map either vocabulary onto ours; null when the word is not known. */
export function normaliseConflictStrategy(value: string): ConflictStrategy | null {
  return lookup(CONFLICT_STRATEGIES, value);
}

/** Map either vocabulary onto ours; null when the word is not known. */
export function normaliseInferenceMode(value: string): InferenceMode | null {
  return lookup(INFERENCE_MODES, value);
}

/** The accepted range of a concurrency limit, worded for error messages. */
export const MAX_CONCURRENCY_RULE = 'a non-negative integer or "auto"';

export function isMaxConcurrency(value: unknown): value is MaxConcurrency {
  return value === 'auto' || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
}
