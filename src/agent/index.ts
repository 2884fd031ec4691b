export { createAdapter, AGENT_NAMES } from './adapters/index.js';
export { runAgent, DEFAULT_FINAL_EXIT_GRACE_MS, type AgentRunOptions, type AgentResult } from './run-agent.js';
export { buildPrompt, summaryFromFinalText, type PromptInput } from './prompt.js';
export { COMPLETION_MARKER, hasCompletionMarker } from './completion.js';
export { detectRateLimitText, rateLimitFromClaudeEvent, normaliseEpochMs } from './rate-limit.js';
export { runProcess, startProcess, type ProcessOptions, type ProcessResult, type RunningProcess } from './run-process.js';
export type { AgentAdapter, AgentInvocation, AgentStreamState, InvocationOptions, RateLimit } from './types.js';
