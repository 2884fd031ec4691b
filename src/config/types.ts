import type { ConflictStrategy, InferenceMode, MaxConcurrency } from '../prd/types.js';

export type AgentName = 'claude' | 'amp' | 'codex' | 'opencode' | 'gemini' | 'custom';
export type ConflictResolution = 'fallback' | 'agent';

/** Every setting ralph-wt understands, fully resolved (no undefined left). */
export interface Settings {
  parallel: boolean;
  maxConcurrency: MaxConcurrency;
  autoCeiling: number;
  /** Estimated resident memory per running agent, MiB; bounds `auto`. */
  agentMemoryMb: number;
  conflictStrategy: ConflictStrategy;
  conflictResolution: ConflictResolution;
  /** Both stories changed one function/method: `conflict` (never merged silently) or `diff3` (merged line-wise inside it). */
  sameEntity: 'conflict' | 'diff3';
  inferenceMode: InferenceMode;
  similarityThreshold: number;
  weights: { files: number; similarity: number };
  embedder: 'lexical' | 'word-vectors' | 'model';
  modelPath: string | null;
  /**
   * false = `--no-fallback`: complex conflicts are left as `conflicted` (no
   * sequential re-run), and an unavailable embedder means no similarity edges
   * (no fallback to another embedder).
   */
  fallback: boolean;
  reconcile: boolean;
  maxIterations: number;
  agent: AgentName;
  agentCommand: string | null;
  agentArgs: string[];
  model: string | null;
  /** Absolute cap per agent invocation, seconds. */
  agentTimeout: number;
  gates: string[];
  /** Cap per quality-gate command (per story, in the merge lane and in reconciliation), seconds. */
  gateTimeout: number;
  allowDirty: boolean;
  strictScope: boolean;
  worktreeDir: string | null;
  worktreeCopy: string[];
  worktreeSetup: string | null;
  reconcileTypecheck: string[];
  reconcileFormat: string | null;
  reconcileFixWithAgent: boolean;
  rateLimitWait: boolean;
  /** Longest wait for a rate limit to reset, seconds. */
  rateLimitMaxWait: number;
  conflictWindow: number;
  conflictThreshold: number;
  recoverAfter: number;
}

export type SettingKey = keyof Settings;

/** Where a resolved value came from, for `ralph-wt config`. */
export type SettingSource = 'default' | 'rc' | 'prd' | 'cli';

export interface ResolvedSettings {
  values: Settings;
  sources: Record<SettingKey, SettingSource>;
  /** Path of the rc file that was loaded, if any. */
  rcPath: string | null;
}
