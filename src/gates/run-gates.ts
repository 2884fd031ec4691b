import { appendFile } from 'node:fs/promises';
import { startProcess } from '../agent/run-process.js';
import type { GateCommandResult, GateOptions, GateResult } from './types.js';

export type { GateCommandResult, GateOptions, GateResult } from './types.js';

export const GATE_OUTPUT_CHARS = 16 * 1024;
/** Used when the caller names no cap: a gate that never ends must not hang the run. */
export const DEFAULT_GATE_TIMEOUT_MS = 900_000;

/**
 * Runs the user's quality gates in order and stops at the first failure. The
 * commands are the user's own configuration, so `sh -c` is intended; nothing
 * from the PRD is ever put into them.
 */
export async function runGates(commands: string[], options: GateOptions): Promise<GateResult> {
  const results: GateCommandResult[] = [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_GATE_TIMEOUT_MS;
  for (const command of commands) {
    if (options.signal?.aborted) break;
    const outcome = await startProcess({
      command: 'sh',
      args: ['-c', command],
      cwd: options.cwd,
      env: { CI: 'true', ...options.env },
      stdin: null,
      timeoutMs,
      logFile: options.logFile ?? null,
      logHeader: `# ${new Date().toISOString()} gate $ ${command}`,
      tailChars: GATE_OUTPUT_CHARS,
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }).result;
    const spawnNote = outcome.spawnError ? `could not run gate: ${outcome.spawnError.message}\n` : '';
    const killNote =
      outcome.terminatedBy === 'timeout'
        ? `\n[ralph-wt] gate timed out after ${Math.round(timeoutMs / 1000)}s and was killed\n`
        : outcome.terminatedBy === 'abort'
          ? '\n[ralph-wt] gate aborted\n'
          : '';
    // The log is where the user looks first: say there why the output stops.
    if (killNote && options.logFile) await appendFile(options.logFile, killNote).catch(() => undefined);
    const result: GateCommandResult = {
      command,
      exitCode: outcome.terminatedBy ? null : outcome.exitCode,
      output: `${spawnNote}${outcome.outputTail}${killNote}`,
      durationMs: outcome.durationMs,
      timedOut: outcome.terminatedBy === 'timeout',
    };
    results.push(result);
    if (result.exitCode !== 0) return { passed: false, results };
  }
  const passed = results.length === commands.length && results.every((r) => r.exitCode === 0);
  return { passed, results };
}
