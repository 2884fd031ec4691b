/**
 * Typed events: the only way the pipeline stages talk to the UI, the journal,
 * `--json` and the tests.
 */

export type StoryPhase = 'queued' | 'worktree' | 'setup' | 'agent' | 'gates' | 'commit' | 'merging' | 'done' | 'failed' | 'conflicted' | 'skipped';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number | null;
}

export interface Summary {
  mode: 'sequential' | 'parallel';
  wallMs: number;
  sequentialEstimateMs: number;
  timeSavedMs: number;
  speedup: number;
  /**
   * What the sequential estimate is made of, in ms, measured in this run:
   * process start to the run's start, the stories' agent runs, and their
   * worktree setup, quality gates and commits (not waiting, not merging).
   */
  timing: { startupMs: number; agentMs: number; overheadMs: number };
  stories: { total: number; passed: number; failed: number; conflicted: number; skipped: number; pending: number };
  merges: number;
  conflicts: {
    detected: number;
    autoResolved: number;
    byMethod: { entity: number; line: number; agent: number };
    fallbacks: number;
  };
  reconciliation: {
    runs: number;
    issuesFound: number;
    autoFixed: number;
    flagged: number;
    /** Every issue left for a human (or the agent), with the stories whose merges touched it. */
    flaggedItems: { kind: string; file: string | null; line: number | null; message: string; stories: string[] }[];
  };
  /** `at`: milliseconds since the run started. */
  concurrencyHistory: { at: number; from: number; to: number; reason: string }[];
  usage: Usage | null;
  scopeDrift: { storyId: string; files: string[] }[];
  failures: { storyId: string; reason: string }[];
}

/**
 * One reason a merge conflicted: the file, the entity in it (e.g. "function add";
 * null when the reason is about the file as a whole) and what happened
 * (e.g. "both modified").
 */
export interface ConflictReason {
  file: string;
  entity: string | null;
  reason: string;
}

export type RunEvent =
  | { type: 'run:start'; runId: string; mode: 'sequential' | 'parallel'; stories: number; concurrency: number | 'auto' }
  | { type: 'story:queued'; storyId: string; title: string }
  | { type: 'story:started'; storyId: string; title: string; attempt: number; branch: string | null; worktree: string | null }
  | { type: 'story:phase'; storyId: string; phase: StoryPhase; detail?: string }
  | { type: 'story:activity'; storyId: string; text: string }
  /** Tokens/cost of one agent run, emitted after every iteration that reported usage. */
  | { type: 'story:usage'; storyId: string; usage: Usage }
  | { type: 'story:iteration'; storyId: string; iteration: number; maxIterations: number }
  | { type: 'story:done'; storyId: string; durationMs: number; commit: string | null }
  | { type: 'story:failed'; storyId: string; reason: string; durationMs: number }
  | { type: 'story:skipped'; storyId: string; reason: string }
  | { type: 'story:conflicted'; storyId: string; reason: string; conflictRef: string | null; conflicts: ConflictReason[] }
  | { type: 'merge:start'; storyId: string; branch: string }
  | { type: 'merge:done'; storyId: string; commit: string; method: 'fast' | 'entity' | 'line' | 'agent' }
  | { type: 'merge:conflict'; storyId: string; files: string[]; conflicts: ConflictReason[]; resolution: 'fallback' | 'conflicted' }
  | { type: 'concurrency'; from: number; to: number; reason: string; /** ms since the run started */ elapsedMs?: number }
  | { type: 'reconcile:start'; stories: string[] }
  /** `flagged`: left for a human; an issue neither fixed nor flagged is a warning (a missing checker, errors already on the base). */
  | { type: 'reconcile:issue'; kind: string; file: string | null; line: number | null; message: string; fixed: boolean; flagged: boolean; stories: string[] }
  | { type: 'reconcile:done'; issuesFound: number; autoFixed: number; flagged: number }
  | { type: 'rate-limit'; storyId: string; resetAt: number; message: string }
  | { type: 'warning'; message: string }
  | { type: 'scope-drift'; storyId: string; files: string[]; rejected: boolean }
  | { type: 'summary'; summary: Summary };

export type RunEventType = RunEvent['type'];
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
