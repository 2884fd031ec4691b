import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { trackGroup, untrackGroup } from '../util/process-group.js';

/**
 * Runs the user's configured worktree setup command (e.g. `npm ci`). It comes
 * from the user's own rc file / flags, never from prd.json, so running it
 * through `sh -c` is the user's intent, not an injection.
 */

export interface RunSetupOptions {
  command: string;
  cwd: string;
  /** Output (stdout and stderr interleaved) is appended here as it arrives. */
  logFile: string;
  timeoutMs: number;
  env?: Record<string, string>;
  /** Aborting kills the whole process group, like a timeout. */
  signal?: AbortSignal;
}

export interface SetupResult {
  ok: boolean;
  /** null when the command was killed by a signal. */
  exitCode: number | null;
  timedOut: boolean;
  aborted: boolean;
  /** The last lines of output, for an error message. */
  outputTail: string;
  durationMs: number;
}

const TAIL_BYTES = 4096;
const TAIL_LINES = 30;
/** Grace period between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3000;

function tailOf(text: string): string {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-TAIL_LINES).join('\n');
}

export async function runSetup(options: RunSetupOptions): Promise<SetupResult> {
  const started = Date.now();
  await mkdir(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  log.write(`\n$ ${options.command}    # setup in ${options.cwd} at ${new Date(started).toISOString()}\n`);

  // detached puts sh and everything it starts (npm, its children) in one
  // process group, so a timeout can kill the whole tree, not just sh.
  const subprocess = execa('sh', ['-c', options.command], {
    cwd: options.cwd,
    env: options.env,
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
    detached: true,
  });

  // Recorded like an agent, so a run that dies leaves it findable (and the exit hook ends it).
  const group = subprocess.pid;
  if (group !== undefined) trackGroup(group, options.cwd);

  let tail = '';
  subprocess.all?.on('data', (chunk: Buffer | string) => {
    const text = chunk.toString();
    log.write(text);
    tail = (tail + text).slice(-TAIL_BYTES);
  });

  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = (): void => {
    const pid = subprocess.pid;
    if (pid === undefined) return;
    const send = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        // Already gone.
      }
    };
    send('SIGTERM');
    killTimer = setTimeout(() => send('SIGKILL'), KILL_GRACE_MS);
    killTimer.unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  timer.unref();
  const onAbort = (): void => {
    aborted = true;
    killGroup();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const result = await subprocess;
    const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
    if (result.exitCode === undefined && !result.signal && result.message) tail += `\n${result.message}`;
    const ok = exitCode === 0 && !timedOut && !aborted;
    const durationMs = Date.now() - started;
    const status = timedOut ? `timed out after ${options.timeoutMs} ms` : aborted ? 'aborted' : `exit ${exitCode ?? result.signal ?? '?'}`;
    log.write(`# setup ${ok ? 'ok' : 'failed'} (${status}) in ${durationMs} ms\n`);
    return { ok, exitCode, timedOut, aborted, outputTail: tailOf(tail), durationMs };
  } finally {
    if (group !== undefined) untrackGroup(group);
    clearTimeout(timer);
    if (killTimer) clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onAbort);
    await new Promise<void>((resolveEnd) => log.end(resolveEnd));
  }
}
