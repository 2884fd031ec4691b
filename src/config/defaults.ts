import { DEFAULT_SIMILARITY_THRESHOLD } from '../graph/similarity/threshold.js';
import type { Settings } from './types.js';

/** Built-in defaults: the lowest layer under rc file, prd.json and CLI flags. */
export const DEFAULT_SETTINGS: Readonly<Settings> = deepFreeze({
  parallel: false,
  // Adaptive, starting at min(graph width, CPU/memory bounds, autoCeiling = 3):
  // a number anywhere (flag, prd.json, rc) fixes the limit instead.
  maxConcurrency: 'auto',
  autoCeiling: 3,
  agentMemoryMb: 1536,
  conflictStrategy: 'entity',
  conflictResolution: 'fallback',
  sameEntity: 'conflict',
  inferenceMode: 'hybrid',
  similarityThreshold: DEFAULT_SIMILARITY_THRESHOLD,
  weights: { files: 1, similarity: 1 },
  embedder: 'lexical',
  modelPath: null,
  fallback: true,
  reconcile: true,
  maxIterations: 10,
  agent: 'claude',
  agentCommand: null,
  agentArgs: [],
  model: null,
  agentTimeout: 1800,
  gates: [],
  gateTimeout: 900,
  allowDirty: false,
  strictScope: false,
  worktreeDir: null,
  worktreeCopy: ['.env', '.env.local'],
  worktreeSetup: null,
  reconcileTypecheck: [],
  reconcileFormat: null,
  reconcileFixWithAgent: false,
  rateLimitWait: true,
  rateLimitMaxWait: 21600,
  conflictWindow: 4,
  conflictThreshold: 0.3,
  recoverAfter: 3,
} satisfies Settings);

/** A fresh, mutable copy of the defaults. */
export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS);
}

// Shared defaults must not be changed through an array someone was handed.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
