/**
 * The one entry point the CLI uses: pick a renderer for the output stream and
 * subscribe it to the run's events.
 */
import type { EventBus } from '../events/bus.js';
import { JsonRenderer } from './json-renderer.js';
import { LineRenderer } from './line-renderer.js';
import type { UiRenderer } from './renderer.js';
import { TaskRenderer } from './task-renderer.js';

export type UiMode = 'auto' | 'tty' | 'lines' | 'json';
export type ResolvedUiMode = Exclude<UiMode, 'auto'>;

export interface AttachUiOptions {
  mode: UiMode;
  /** Where the UI writes; default process.stdout. */
  stream?: NodeJS.WritableStream;
  /** Line mode: show every agent activity line and queued stories. */
  verbose?: boolean;
  /** Environment consulted for `CI` / `NO_COLOR`; default process.env (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Clock for elapsed times and `ts`; tests pin it. */
  now?: () => number;
}

export interface UiHandle {
  /** The renderer chosen (`auto` resolved), e.g. so the CLI keeps other output off stdout in json mode. */
  readonly mode: ResolvedUiMode;
  /** Stops listening, waits for the final frame and prints the summary (tty/lines). Idempotent. */
  close(): Promise<void>;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

/** CI systems set `CI=true` (GitHub, GitLab) or `CI=1`; `CI=false`/`0`/empty means "not CI". */
function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** `auto` is the live task list on an interactive terminal outside CI, plain lines everywhere else. */
export function resolveUiMode(mode: UiMode, stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): ResolvedUiMode {
  if (mode !== 'auto') return mode;
  return isTty(stream) && !isCi(env) ? 'tty' : 'lines';
}

/** Colour follows the terminal, and the NO_COLOR convention (https://no-color.org) turns it off. */
function wantsColor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  const noColor = env['NO_COLOR'];
  return isTty(stream) && (noColor === undefined || noColor === '');
}

function createRenderer(mode: ResolvedUiMode, stream: NodeJS.WritableStream, options: AttachUiOptions, env: NodeJS.ProcessEnv): UiRenderer {
  const now = options.now ?? Date.now;
  const color = wantsColor(stream, env);
  switch (mode) {
    case 'json':
      return new JsonRenderer({ stream, now });
    case 'lines':
      return new LineRenderer({ stream, now, color, verbose: options.verbose ?? false });
    case 'tty':
      return new TaskRenderer({ stream, now, color });
  }
}

/**
 * Subscribes a renderer to `bus`. Events already in the bus's history are
 * replayed first, so attaching a little late loses nothing (their timestamps
 * are the time of attaching, though).
 */
export function attachUi(bus: EventBus, options: AttachUiOptions): UiHandle {
  const stream = options.stream ?? process.stdout;
  const env = options.env ?? process.env;
  const mode = resolveUiMode(options.mode, stream, env);
  const renderer = createRenderer(mode, stream, options, env);
  for (const event of bus.history()) renderer.handle(event);
  const unsubscribe = bus.on((event) => renderer.handle(event));
  let closing: Promise<void> | null = null;
  return {
    mode,
    close() {
      if (!closing) {
        unsubscribe();
        closing = renderer.close();
      }
      return closing;
    },
  };
}
