import { isAbsolute, relative, sep } from 'node:path';
import type { Usage } from '../events/types.js';
import { hasCompletionMarker } from './completion.js';
import { installCommand } from './install-hints.js';
import { detectRateLimitText } from './rate-limit.js';
import { startProcess, type ProcessResult } from './run-process.js';
import { createStreamState, type AgentAdapter, type AgentStreamState, type RateLimit } from './types.js';

export interface AgentRunOptions {
  adapter: AgentAdapter;
  prompt: string;
  cwd: string;
  /** Added to the orchestrator's environment (e.g. RALPH_STORY_ID). */
  env: Record<string, string>;
  /** Absolute cap for this invocation; 0 = none. */
  timeoutMs: number;
  logFile: string;
  model: string | null;
  /** Usually `settings.agentArgs`. */
  extraArgs: string[];
  signal?: AbortSignal;
  onActivity?: (text: string) => void;
  /** SIGTERM → SIGKILL grace for the process group (default 3 s). */
  killGraceMs?: number;
  /**
   * How long an agent may keep running after its final event (claude has been
   * seen not to exit after `result`); then its group is ended. Default 15 s.
   */
  finalExitGraceMs?: number;
}

export interface AgentResult {
  exitCode: number | null;
  /** Exit 0 (or ended by us after a successful final event) and the marker is the last line of the final text. */
  completed: boolean;
  timedOut: boolean;
  aborted: boolean;
  finalText: string;
  outputTail: string;
  usage: Usage | null;
  rateLimit: RateLimit | null;
  /** Files the agent reported editing, relative to cwd when inside it. */
  filesTouched: string[];
  durationMs: number;
  error: string | null;
}

export const DEFAULT_FINAL_EXIT_GRACE_MS = 15_000;

export async function runAgent(options: AgentRunOptions): Promise<AgentResult> {
  const { adapter } = options;
  const invocation = adapter.invocation(options.prompt, { cwd: options.cwd, model: options.model, extraArgs: options.extraArgs });
  const state = createStreamState();
  let lingerTimer: NodeJS.Timeout | null = null;
  let endedAfterFinal = false;
  let lastActivity = '';
  const cwdPrefix = options.cwd.endsWith(sep) ? options.cwd : `${options.cwd}${sep}`;

  const running = startProcess({
    command: invocation.command,
    args: invocation.args,
    cwd: options.cwd,
    // PWD too: opencode 1.18 takes its project directory from $PWD before its real cwd, and so do
    // shell scripts; the orchestrator's would point them at the user's checkout, not the worktree.
    env: { PWD: options.cwd, ...invocation.env, ...options.env },
    stdin: invocation.stdin,
    timeoutMs: options.timeoutMs,
    logFile: options.logFile,
    logHeader: logHeader(adapter.name, invocation.command, invocation.args),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onLine: (line, stream) => {
      // stderr is never the answer of a plain-text agent, but some claude builds
      // were seen writing their JSON events there.
      if (stream === 'stdout' || (adapter.name !== 'custom' && line.trimStart().startsWith('{'))) {
        adapter.parseLine(line, state);
      }
      for (const raw of state.pendingActivity.splice(0)) {
        // Agents name files by absolute path; inside the worktree the relative path says the same in less space.
        const text = raw.split(cwdPrefix).join('');
        if (text !== '' && text !== lastActivity) {
          lastActivity = text;
          options.onActivity?.(text);
        }
      }
      if (state.finalSeen && lingerTimer === null) {
        lingerTimer = setTimeout(() => {
          endedAfterFinal = true;
          running.terminate('requested');
        }, options.finalExitGraceMs ?? DEFAULT_FINAL_EXIT_GRACE_MS);
      }
    },
  });

  const processResult = await running.result;
  if (lingerTimer) clearTimeout(lingerTimer);
  return toAgentResult(adapter, invocation.command, options, state, processResult, endedAfterFinal);
}

function toAgentResult(
  adapter: AgentAdapter,
  command: string,
  options: AgentRunOptions,
  state: AgentStreamState,
  result: ProcessResult,
  endedAfterFinal: boolean,
): AgentResult {
  const timedOut = result.terminatedBy === 'timeout';
  const aborted = result.terminatedBy === 'abort';
  const exitedCleanly = result.exitCode === 0 || (endedAfterFinal && !state.isError);
  const rateLimit = state.rateLimit ?? (!exitedCleanly && !timedOut && !aborted ? rateLimitFromTail(result.outputTail) : null);
  const finalText = state.finalText ?? '';
  const completed =
    result.spawnError === null && exitedCleanly && !timedOut && !aborted && !state.isError && rateLimit === null && hasCompletionMarker(finalText);

  let error: string | null = null;
  if (result.spawnError) error = spawnErrorMessage(adapter, command, result.spawnError);
  else if (timedOut) error = `agent timed out after ${Math.round(options.timeoutMs / 1000)}s`;
  else if (aborted) error = 'agent aborted';
  else if (rateLimit) error = `rate limited: ${rateLimit.message}`;
  else if (state.isError) error = state.errorMessage ?? 'agent reported an error';
  else if (!exitedCleanly) error = exitMessage(result);

  return {
    exitCode: result.exitCode,
    completed,
    timedOut,
    aborted,
    finalText,
    outputTail: result.outputTail,
    usage: state.usage,
    rateLimit,
    filesTouched: relativeFiles(options.cwd, state.filesTouched),
    durationMs: result.durationMs,
    error,
  };
}

/**
 * Limit messages printed as plain text (e.g. claude exiting 1 before any
 * JSON). Only the last non-JSON lines are scanned, so tool output that merely
 * mentions limits earlier in the run cannot trigger a wait.
 */
function rateLimitFromTail(tail: string): RateLimit | null {
  const lines = tail.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('{'));
  return detectRateLimitText(lines.slice(-20).join('\n'));
}

function spawnErrorMessage(adapter: AgentAdapter, command: string, error: { code: string | null; message: string }): string {
  if (error.code === 'ENOENT') {
    return adapter.name === 'custom'
      ? `agent command "${command}" not found (check agentCommand / --agent-command)`
      : `agent "${command}" not found on PATH (install it: ${installCommand(adapter.name) ?? ''}, or choose --agent)`;
  }
  if (error.code === 'EACCES') return `agent command "${command}" is not executable (chmod +x it)`;
  return `could not start agent "${command}": ${error.message}`;
}

function exitMessage(result: ProcessResult): string {
  const lastLine = result.outputTail.trimEnd().split('\n').pop()?.trim() ?? '';
  const reason = result.exitCode !== null ? `agent exited with code ${result.exitCode}` : `agent killed by ${result.signal ?? 'a signal'}`;
  return lastLine ? `${reason}: ${lastLine.slice(0, 200)}` : reason;
}

function relativeFiles(cwd: string, files: Set<string>): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (!isAbsolute(file)) {
      out.add(file);
      continue;
    }
    const rel = relative(cwd, file);
    out.add(rel.startsWith('..') || isAbsolute(rel) ? file : rel);
  }
  return [...out].sort();
}

function logHeader(name: string, command: string, args: string[]): string {
  const shown = args.map((arg) => (arg.length > 80 ? `${JSON.stringify(arg.slice(0, 77))}…` : arg)).join(' ');
  return `# ${new Date().toISOString()} agent=${name} $ ${command} ${shown}`;
}
