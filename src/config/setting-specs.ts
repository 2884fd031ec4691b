import {
  CONFLICT_STRATEGY_WORDS,
  INFERENCE_MODE_WORDS,
  MAX_CONCURRENCY_RULE,
  normaliseConflictStrategy,
  normaliseInferenceMode,
} from '../prd/vocabulary.js';
import type { SettingKey } from './types.js';

/**
 * One table describes every setting: where it lives in the rc file, its CLI
 * flag, and the JSON schema its resolved value must satisfy. The rc schema,
 * the rc → Settings mapping and the final check of combined values are all
 * derived from it, so they cannot drift apart.
 */
export interface SettingSpec {
  key: SettingKey;
  /** Dotted path in the rc file, e.g. `parallel.maxConcurrency`. */
  rcPath: string;
  /** CLI flag of `run` that sets it, for error messages; null: set in the rc file (or prd.json) only. */
  flag: string | null;
  /** Schema of the resolved value. */
  schema: object;
  /** Schema in the rc file when it differs (e.g. partial weights). */
  rcSchema?: object;
  /** Plain-words rule replacing ajv's messages when a value is rejected. */
  rule?: string;
  /** Maps accepted synonyms onto the canonical value; unknown words pass through to be rejected. */
  normalise?: (value: unknown) => unknown;
}

const integerAtLeast = (minimum: number): object => ({ type: 'integer', minimum });
const boolean = { type: 'boolean' } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const nullableString = { type: ['string', 'null'] } as const;
const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;
const weight = { type: 'number', minimum: 0 } as const;

const AGENTS = ['claude', 'amp', 'codex', 'opencode', 'gemini', 'custom'];

function normaliseWith(normalise: (value: string) => string | null): (value: unknown) => unknown {
  return (value) => (typeof value === 'string' ? (normalise(value) ?? value) : value);
}

export const SETTING_SPECS: readonly SettingSpec[] = [
  { key: 'parallel', rcPath: 'parallel.enabled', flag: '--parallel', schema: boolean },
  {
    key: 'maxConcurrency',
    rcPath: 'parallel.maxConcurrency',
    flag: '--max-concurrency',
    schema: { anyOf: [integerAtLeast(0), { const: 'auto' }] },
    rule: MAX_CONCURRENCY_RULE,
  },
  { key: 'autoCeiling', rcPath: 'parallel.autoCeiling', flag: '--auto-ceiling', schema: integerAtLeast(1) },
  { key: 'agentMemoryMb', rcPath: 'parallel.agentMemoryMb', flag: '--agent-memory-mb', schema: integerAtLeast(1) },
  {
    key: 'conflictStrategy',
    rcPath: 'parallel.conflictStrategy',
    flag: '--conflict-strategy',
    schema: { enum: ['entity', 'file', 'none'] },
    rule: `one of ${CONFLICT_STRATEGY_WORDS}`,
    normalise: normaliseWith(normaliseConflictStrategy),
  },
  {
    key: 'conflictResolution',
    rcPath: 'parallel.conflictResolution',
    flag: '--conflict-resolution',
    schema: { enum: ['fallback', 'agent'] },
    rule: 'one of fallback, agent',
  },
  {
    key: 'sameEntity',
    rcPath: 'parallel.sameEntity',
    flag: '--same-entity',
    schema: { enum: ['conflict', 'diff3'] },
    rule: 'one of conflict, diff3',
  },
  { key: 'fallback', rcPath: 'parallel.fallback', flag: '--fallback', schema: boolean },
  {
    key: 'inferenceMode',
    rcPath: 'parallel.inferenceMode',
    flag: '--inference-mode',
    schema: { enum: ['files', 'embeddings', 'hybrid', 'explicit', 'none'] },
    rule: `one of ${INFERENCE_MODE_WORDS}`,
    normalise: normaliseWith(normaliseInferenceMode),
  },
  { key: 'similarityThreshold', rcPath: 'parallel.similarityThreshold', flag: '--similarity-threshold', schema: fraction },
  {
    key: 'weights',
    rcPath: 'parallel.weights',
    flag: null,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['files', 'similarity'],
      properties: { files: weight, similarity: weight },
    },
    rcSchema: { type: 'object', additionalProperties: false, properties: { files: weight, similarity: weight } },
  },
  {
    key: 'embedder',
    rcPath: 'parallel.embedder',
    flag: null,
    schema: { enum: ['lexical', 'word-vectors', 'model'] },
    rule: 'one of lexical, word-vectors, model',
  },
  { key: 'modelPath', rcPath: 'parallel.modelPath', flag: null, schema: nullableString },
  { key: 'conflictWindow', rcPath: 'parallel.conflictWindow', flag: null, schema: integerAtLeast(1) },
  { key: 'conflictThreshold', rcPath: 'parallel.conflictThreshold', flag: null, schema: fraction },
  { key: 'recoverAfter', rcPath: 'parallel.recoverAfter', flag: null, schema: integerAtLeast(1) },
  { key: 'reconcile', rcPath: 'reconcile.enabled', flag: '--reconcile', schema: boolean },
  { key: 'reconcileTypecheck', rcPath: 'reconcile.typecheck', flag: null, schema: stringList },
  { key: 'reconcileFormat', rcPath: 'reconcile.format', flag: null, schema: nullableString },
  { key: 'reconcileFixWithAgent', rcPath: 'reconcile.fixWithAgent', flag: null, schema: boolean },
  {
    key: 'agent',
    rcPath: 'agent.name',
    flag: '--agent',
    schema: { enum: AGENTS },
    rule: `one of ${AGENTS.join(', ')}`,
  },
  { key: 'agentCommand', rcPath: 'agent.command', flag: '--agent-command', schema: nullableString },
  { key: 'agentArgs', rcPath: 'agent.args', flag: '--agent-arg', schema: stringList },
  { key: 'model', rcPath: 'agent.model', flag: '--model', schema: nullableString },
  { key: 'agentTimeout', rcPath: 'agent.timeout', flag: '--agent-timeout', schema: integerAtLeast(1) },
  { key: 'rateLimitWait', rcPath: 'rateLimit.wait', flag: null, schema: boolean },
  { key: 'rateLimitMaxWait', rcPath: 'rateLimit.maxWait', flag: null, schema: integerAtLeast(0) },
  { key: 'worktreeDir', rcPath: 'worktree.dir', flag: '--worktree-dir', schema: nullableString },
  { key: 'worktreeCopy', rcPath: 'worktree.copy', flag: '--worktree-copy', schema: stringList },
  { key: 'worktreeSetup', rcPath: 'worktree.setup', flag: '--worktree-setup', schema: nullableString },
  { key: 'maxIterations', rcPath: 'maxIterations', flag: '--max-iterations', schema: integerAtLeast(1) },
  { key: 'gates', rcPath: 'gates', flag: '--gate', schema: stringList },
  { key: 'gateTimeout', rcPath: 'gateTimeout', flag: '--gate-timeout', schema: integerAtLeast(1) },
  { key: 'allowDirty', rcPath: 'allowDirty', flag: '--allow-dirty', schema: boolean },
  { key: 'strictScope', rcPath: 'strictScope', flag: '--strict-scope', schema: boolean },
];

const SPEC_BY_KEY = new Map(SETTING_SPECS.map((spec) => [spec.key, spec]));

export function specFor(key: SettingKey): SettingSpec {
  const spec = SPEC_BY_KEY.get(key);
  if (spec === undefined) throw new Error(`no setting spec for "${key}"`);
  return spec;
}
