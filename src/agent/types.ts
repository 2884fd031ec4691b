import type { AgentName } from '../config/types.js';
import type { Usage } from '../events/types.js';

/** How one agent iteration is started: argv plus what goes to stdin (null = stdin is /dev/null). */
export interface AgentInvocation {
  command: string;
  args: string[];
  stdin: string | null;
  /** Variables this agent needs on top of the orchestrator's (the per-story env of the caller still wins). */
  env?: Record<string, string>;
}

export interface InvocationOptions {
  cwd: string;
  model: string | null;
  extraArgs: string[];
}

/** A usage/rate limit that blocks the agent until `resetAt` (epoch ms). */
export interface RateLimit {
  resetAt: number;
  message: string;
}

/**
 * What an adapter has learned from the output so far. Plain data, mutated by
 * `parseLine`, so parsers are testable by feeding lines without a process.
 */
export interface AgentStreamState {
  /** The final assistant text (the only place the completion marker counts); null until seen. */
  finalText: string | null;
  usage: Usage | null;
  rateLimit: RateLimit | null;
  /** Paths as the agent named them (absolute or relative to its cwd). */
  filesTouched: Set<string>;
  /** Activity lines not yet handed to the caller; `runAgent` drains this after each line. */
  pendingActivity: string[];
  /** The agent itself reported failure (e.g. claude `is_error`, codex `turn.failed`). */
  isError: boolean;
  errorMessage: string | null;
  /** The agent's final event arrived; a process that lingers after it may be ended. */
  finalSeen: boolean;
  /**
   * Usage contributions keyed by message/step id, so an event repeated per
   * content block is counted once; `usage` is their sum until a total arrives.
   */
  usageParts: Map<string, Usage>;
  /** Latest assistant text, the fallback final text when no final event came. */
  lastAssistantText: string | null;
}

export interface AgentAdapter {
  name: AgentName;
  /** argv and stdin for one iteration. */
  invocation(prompt: string, options: InvocationOptions): AgentInvocation;
  /** Parses one output line; returns what it learned (activity text, usage delta, final text, rate-limit). */
  parseLine(line: string, state: AgentStreamState): void;
}

export function createStreamState(): AgentStreamState {
  return {
    finalText: null,
    usage: null,
    rateLimit: null,
    filesTouched: new Set(),
    pendingActivity: [],
    isError: false,
    errorMessage: null,
    finalSeen: false,
    usageParts: new Map(),
    lastAssistantText: null,
  };
}
