import { execa } from 'execa';
import type { Readable } from 'node:stream';
import { childEnv } from './env.js';
import { signalGroup, trackGroup, untrackGroup } from '../util/process-group.js';
import { LineSplitter } from './line-splitter.js';
import { LogSink } from './log-sink.js';
import { TailBuffer } from './tail-buffer.js';

export type StreamName = 'stdout' | 'stderr';
/** Why ralph-wt stopped the process itself; null when it exited on its own. */
export type TerminationReason = 'timeout' | 'abort' | 'requested';

export interface ProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  /** Added to the orchestrator's environment. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; null = stdin is /dev/null. */
  stdin: string | null;
  /** Absolute cap; 0 = none. */
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL to the group. */
  killGraceMs?: number;
  logFile?: string | null;
  /** First line written to the log (e.g. the command), so runs are told apart. */
  logHeader?: string;
  signal?: AbortSignal;
  onLine?: (line: string, stream: StreamName) => void;
  /** Characters of combined output kept in memory. */
  tailChars?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  terminatedBy: TerminationReason | null;
  /** Last `tailChars` of stdout+stderr, interleaved as lines arrived. */
  outputTail: string;
  /** Last `tailChars` of stdout alone (plain-text agents answer there). */
  stdoutTail: string;
  durationMs: number;
  /** Set when the process could not be started (e.g. ENOENT). */
  spawnError: { code: string | null; message: string } | null;
}

export interface RunningProcess {
  pid: number | undefined;
  result: Promise<ProcessResult>;
  /** Stops the whole process group: SIGTERM now, SIGKILL after the grace. Idempotent. */
  terminate(reason: TerminationReason): void;
}

export const DEFAULT_KILL_GRACE_MS = 3000;
export const DEFAULT_TAIL_CHARS = 64 * 1024;

export function runProcess(options: ProcessOptions): Promise<ProcessResult> {
  return startProcess(options).result;
}

export function startProcess(options: ProcessOptions): RunningProcess {
  const started = Date.now();
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const tailChars = options.tailChars ?? DEFAULT_TAIL_CHARS;
  const outputTail = new TailBuffer(tailChars);
  const stdoutTail = new TailBuffer(tailChars);
  const log = options.logFile ? new LogSink(options.logFile) : null;
  if (log && options.logHeader) log.write(`${options.logHeader}\n`);

  if (options.signal?.aborted) {
    log?.close();
    const result: ProcessResult = {
      exitCode: null, signal: null, terminatedBy: 'abort', outputTail: '', stdoutTail: '', durationMs: 0, spawnError: null,
    };
    return { pid: undefined, result: Promise.resolve(result), terminate: () => undefined };
  }

  const subprocess = execa(options.command, options.args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    extendEnv: false,
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    ...(options.stdin === null ? { stdin: 'ignore' as const } : { input: options.stdin }),
  });
  const pid = subprocess.pid;
  if (pid !== undefined) trackGroup(pid, options.cwd);

  let terminatedBy: TerminationReason | null = null;
  let killTimer: NodeJS.Timeout | null = null;
  let settled = false;

  const escalate = (): void => {
    if (pid === undefined || killTimer !== null) return;
    killTimer = setTimeout(() => {
      if (!settled) signalGroup(pid, 'SIGKILL');
    }, grace);
  };

  const terminate = (reason: TerminationReason): void => {
    if (pid === undefined || settled) return;
    terminatedBy ??= reason;
    signalGroup(pid, 'SIGTERM');
    escalate();
  };

  // The leader exiting does not end its group: leftovers (dev servers, watchers)
  // would hold the output pipes open and keep this run waiting forever.
  subprocess.once('exit', () => {
    if (pid === undefined) return;
    if (signalGroup(pid, 'SIGTERM')) escalate();
  });

  const timeout = options.timeoutMs > 0 ? setTimeout(() => terminate('timeout'), options.timeoutMs) : null;
  const onAbort = (): void => terminate('abort');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const handle = (stream: StreamName) => (line: string): void => {
    const text = `${line}\n`;
    outputTail.append(text);
    if (stream === 'stdout') stdoutTail.append(text);
    log?.write(text);
    options.onLine?.(line, stream);
  };
  const drained = Promise.all([
    drain(subprocess.stdout, handle('stdout')),
    drain(subprocess.stderr, handle('stderr')),
  ]);

  const result = (async (): Promise<ProcessResult> => {
    const outcome = await subprocess;
    await drained;
    settled = true;
    if (timeout) clearTimeout(timeout);
    if (killTimer) clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onAbort);
    if (pid !== undefined) untrackGroup(pid);
    log?.close();
    const code = typeof outcome.code === 'string' ? outcome.code : null;
    const spawnError = pid === undefined ? { code, message: outcome.originalMessage ?? outcome.message ?? 'spawn failed' } : null;
    return {
      exitCode: typeof outcome.exitCode === 'number' ? outcome.exitCode : null,
      signal: outcome.signal ?? null,
      terminatedBy,
      outputTail: outputTail.toString(),
      stdoutTail: stdoutTail.toString(),
      durationMs: Date.now() - started,
      spawnError,
    };
  })();

  return { pid, result, terminate };
}

function drain(stream: Readable | null, onLine: (line: string) => void): Promise<void> {
  if (stream === null) return Promise.resolve();
  const splitter = new LineSplitter(onLine);
  stream.setEncoding('utf8');
  return new Promise((resolve) => {
    stream.on('data', (chunk: string) => splitter.push(chunk));
    stream.once('close', () => {
      splitter.end();
      resolve();
    });
  });
}
