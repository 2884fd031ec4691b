/**
 * Non-TTY / CI output: one plain line per meaningful event, prefixed with the
 * time since the run started and the story id, e.g.
 * `[00:40] US-003 merged (entity merge) 4f2a9c1`. Agent activity is throttled
 * per story so a chatty agent cannot flood a CI log; the summary table is
 * printed on close.
 */
import type { RunEvent, Summary } from '../events/types.js';
import {
  describeConcurrency,
  describeDone,
  describeMergeConflict,
  describeMergeDone,
  describeRateLimit,
  describeReconcileDone,
  describeReconcileIssue,
  describeScopeDrift,
  describeStarted,
  describeUsage,
  isTerminalPhase,
  oneLine,
  phaseLabel,
} from './describe.js';
import { formatClock, formatDuration, formatSummary } from './format.js';
import { flush, type UiRenderer } from './renderer.js';

export interface LineRendererOptions {
  stream: NodeJS.WritableStream;
  /** Show every activity line and queued stories. */
  verbose?: boolean;
  /** Minimum gap between two activity lines of one story when not verbose. */
  activityIntervalMs?: number;
  /** Colour the summary table. Log lines themselves are always plain. */
  color?: boolean;
  now?: () => number;
}

export const DEFAULT_ACTIVITY_INTERVAL_MS = 2000;

export class LineRenderer implements UiRenderer {
  readonly #stream: NodeJS.WritableStream;
  readonly #verbose: boolean;
  readonly #activityIntervalMs: number;
  readonly #color: boolean;
  readonly #now: () => number;
  /** Elapsed time is measured from `run:start`, or from the first event if it never came. */
  #startedAt: number | null = null;
  readonly #lastActivityAt = new Map<string, number>();
  #summary: Summary | null = null;
  #closed = false;

  constructor(options: LineRendererOptions) {
    this.#stream = options.stream;
    this.#verbose = options.verbose ?? false;
    this.#activityIntervalMs = options.activityIntervalMs ?? DEFAULT_ACTIVITY_INTERVAL_MS;
    this.#color = options.color ?? false;
    this.#now = options.now ?? Date.now;
  }

  handle(event: RunEvent): void {
    const now = this.#now();
    if (event.type === 'run:start' || this.#startedAt === null) this.#startedAt = now;
    const text = this.#describe(event, now);
    if (text === null) return;
    const story = 'storyId' in event ? `${event.storyId} ` : '';
    this.#stream.write(`[${formatClock(now - this.#startedAt)}] ${story}${text}\n`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#summary) this.#stream.write(`\n${formatSummary(this.#summary, { color: this.#color })}\n`);
    await flush(this.#stream);
  }

  /** The line for an event (without prefix), or null when the event is not shown. */
  #describe(event: RunEvent, now: number): string | null {
    switch (event.type) {
      case 'run:start':
        return `run ${event.runId} started: ${event.mode}, ${event.stories} ${event.stories === 1 ? 'story' : 'stories'}, concurrency ${event.concurrency}`;
      case 'story:queued':
        return this.#verbose ? `queued: ${event.title}` : null;
      case 'story:started':
        this.#lastActivityAt.delete(event.storyId);
        return describeStarted(event);
      case 'story:phase':
        if (isTerminalPhase(event.phase)) return null;
        return event.detail ? `${phaseLabel(event.phase)} (${oneLine(event.detail)})` : phaseLabel(event.phase);
      case 'story:activity':
        return this.#activity(event.storyId, event.text, now);
      case 'story:usage':
        return `usage: ${describeUsage(event.usage)}`;
      case 'story:iteration':
        return `iteration ${event.iteration}/${event.maxIterations}`;
      case 'story:done':
        return describeDone(event);
      case 'story:failed':
        return `FAILED after ${formatDuration(event.durationMs)}: ${event.reason}`;
      case 'story:skipped':
        return `skipped: ${event.reason}`;
      case 'story:conflicted':
        return `CONFLICTED: ${event.reason}${event.conflictRef ? ` (kept at ${event.conflictRef})` : ''}`;
      case 'merge:start':
        return `merging ${event.branch}`;
      case 'merge:done':
        return describeMergeDone(event);
      case 'merge:conflict':
        return describeMergeConflict(event);
      case 'concurrency':
        return describeConcurrency(event);
      case 'reconcile:start':
        return `reconcile started (${event.stories.length > 0 ? event.stories.join(', ') : 'no stories'})`;
      case 'reconcile:issue':
        return describeReconcileIssue(event);
      case 'reconcile:done':
        return describeReconcileDone(event);
      case 'rate-limit':
        return describeRateLimit(event, now);
      case 'warning':
        return `warning: ${event.message}`;
      case 'scope-drift':
        return describeScopeDrift(event);
      case 'summary':
        // Printed as a table on close, after everything else.
        this.#summary = event.summary;
        return null;
    }
  }

  /**
   * Drops an activity line that comes within `activityIntervalMs` of the
   * story's previous shown one. Dropping (not delaying) keeps lines in event
   * order; the next phase line shows where the story went anyway.
   */
  #activity(storyId: string, text: string, now: number): string | null {
    const line = oneLine(text);
    if (line === '') return null;
    if (!this.#verbose) {
      const last = this.#lastActivityAt.get(storyId);
      if (last !== undefined && now - last < this.#activityIntervalMs) return null;
      this.#lastActivityAt.set(storyId, now);
    }
    return `› ${line}`;
  }
}
