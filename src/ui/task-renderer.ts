/**
 * The interactive TTY view: a listr2 task list with a header (mode,
 * concurrency, progress), one row per story that has started (phase, elapsed
 * time, latest agent activity underneath), one row per reconciliation run,
 * and a bottom bar with the latest notices. Rows complete, fail or skip as
 * events arrive; `close()` waits for listr's final frame, then prints the
 * summary table.
 */
import { Listr } from 'listr2';
import type { RunEvent, Summary } from '../events/types.js';
import { addUsage } from '../events/usage.js';
import { describeConcurrency, describeMergeConflict, describeRateLimit, describeReconcileIssue, describeScopeDrift, oneLine } from './describe.js';
import { formatSummary } from './format.js';
import { HeaderRow, type Counts, type Progress } from './header-row.js';
import { StreamDefaultRenderer, streamLogger, type UiListrContext, type UiRendererClass } from './listr-stream.js';
import { NoticeBar } from './notice-bar.js';
import { flush, type UiRenderer } from './renderer.js';
import { RowChain } from './row-chain.js';
import { ReconcileRow, StoryRow } from './task-rows.js';

export interface TaskRendererOptions {
  /** An interactive terminal (attachUi checks); listr2 redraws it in place. */
  stream: NodeJS.WritableStream;
  /** Colour the summary table printed after the final frame. */
  color?: boolean;
  now?: () => number;
  /** How often elapsed times and activity lines are refreshed. */
  tickMs?: number;
  /** How many notices the bottom bar keeps. */
  maxNotices?: number;
}

export class TaskRenderer implements UiRenderer {
  readonly #stream: NodeJS.WritableStream;
  readonly #color: boolean;
  readonly #now: () => number;
  readonly #progress: Progress = { mode: null, stories: 0, concurrency: 'auto', startedAt: null, usage: null };
  readonly #header: HeaderRow;
  /** The current row of each story; a story that starts again after finishing gets a new row. */
  readonly #stories = new Map<string, StoryRow>();
  readonly #titles = new Map<string, string>();
  #reconcile: ReconcileRow | null = null;
  readonly #chain: RowChain;
  readonly #notices: NoticeBar;
  readonly #timer: NodeJS.Timeout;
  readonly #run: Promise<unknown>;
  #summary: Summary | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: TaskRendererOptions) {
    this.#stream = options.stream;
    this.#color = options.color ?? false;
    this.#now = options.now ?? Date.now;
    this.#header = new HeaderRow(this.#progress, () => this.#counts());
    this.#notices = new NoticeBar(options.maxNotices ?? 4);
    const clock = (): number => this.#now();
    this.#chain = new RowChain(clock);

    const listr = new Listr<UiListrContext, UiRendererClass, UiRendererClass>([this.#header.task(clock), this.#notices.task(), this.#chain.link()], {
      concurrent: true,
      exitOnError: false,
      // The orchestrator owns SIGINT (it must stop agents and journal first);
      // listr's handler would exit the process from under it.
      registerSignalListeners: false,
      renderer: StreamDefaultRenderer,
      fallbackRenderer: StreamDefaultRenderer,
      rendererOptions: { logger: streamLogger(this.#stream), formatOutput: 'truncate' },
    });
    // Errors are re-thrown from close(), the one place the caller awaits.
    this.#run = listr.run().then(
      () => null,
      (error: unknown) => error,
    );
    this.#timer = setInterval(() => this.#tick(), options.tickMs ?? 250);
    // A forgotten close() must not keep the process alive.
    this.#timer.unref();
  }

  handle(event: RunEvent): void {
    if (this.#closing) return;
    const now = this.#now();
    switch (event.type) {
      case 'run:start':
        Object.assign(this.#progress, { mode: event.mode, stories: event.stories, concurrency: event.concurrency, startedAt: now });
        break;
      case 'story:queued':
        this.#titles.set(event.storyId, event.title);
        break;
      case 'story:started':
        this.#titles.set(event.storyId, event.title);
        this.#story(event.storyId, { restart: true }).started(event, now);
        break;
      case 'story:phase':
        this.#story(event.storyId).phaseChanged(event);
        break;
      case 'story:activity':
        // Pushed on the next tick, so a chatty agent costs one redraw per tick.
        this.#stories.get(event.storyId)?.activity(event.text);
        return;
      case 'story:usage':
        this.#progress.usage = addUsage(this.#progress.usage, event.usage);
        this.#story(event.storyId).addUsage(event.usage);
        break;
      case 'story:iteration':
        this.#story(event.storyId).iteration(event);
        break;
      case 'story:done':
        this.#story(event.storyId).end({ kind: 'done', commit: event.commit, durationMs: event.durationMs }, now);
        break;
      case 'story:failed':
        this.#story(event.storyId).end({ kind: 'failed', reason: event.reason, durationMs: event.durationMs }, now);
        break;
      case 'story:conflicted':
        this.#story(event.storyId).end({ kind: 'conflicted', reason: event.reason, conflictRef: event.conflictRef }, now);
        break;
      case 'story:skipped':
        this.#story(event.storyId).end({ kind: 'skipped', reason: event.reason }, now);
        break;
      case 'merge:start':
        this.#story(event.storyId).mergeStarted();
        break;
      case 'merge:done':
        this.#story(event.storyId).merged(event);
        break;
      case 'merge:conflict':
        this.#story(event.storyId).mergeConflict(event);
        this.#notice(`${event.storyId} ${describeMergeConflict(event)}`);
        break;
      case 'concurrency':
        this.#progress.concurrency = event.to;
        this.#notice(describeConcurrency(event));
        break;
      case 'reconcile:start':
        this.#reconcile?.abandon(now);
        this.#reconcile = new ReconcileRow(event.stories, now);
        this.#chain.append(this.#reconcile);
        break;
      case 'reconcile:issue': {
        const text = describeReconcileIssue(event);
        this.#reconcile?.issue(text);
        if (event.flagged) this.#notice(text);
        break;
      }
      case 'reconcile:done':
        this.#reconcile?.done(event, now);
        this.#reconcile = null;
        break;
      case 'rate-limit': {
        const text = describeRateLimit(event, now);
        this.#stories.get(event.storyId)?.rateLimited(text);
        this.#notice(`${event.storyId} ${text}`);
        break;
      }
      case 'warning':
        this.#notice(`warning: ${oneLine(event.message, 200)}`);
        break;
      case 'scope-drift': {
        const text = describeScopeDrift(event);
        this.#story(event.storyId).note(text);
        this.#notice(`${event.storyId} ${text}`);
        break;
      }
      case 'summary':
        this.#summary = event.summary;
        return;
      default: {
        // Compile-time check that every event type has a place in the view;
        // at run time an unknown event is ignored rather than breaking the run.
        const unknown: never = event;
        return unknown;
      }
    }
    this.#syncAll(now);
  }

  close(): Promise<void> {
    this.#closing ??= this.#finish();
    return this.#closing;
  }

  async #finish(): Promise<void> {
    clearInterval(this.#timer);
    const now = this.#now();
    for (const row of this.#stories.values()) row.end({ kind: 'unfinished' }, now);
    this.#reconcile?.abandon(now);
    this.#header.close(this.#counts().failed > 0, now);
    this.#notices.close();
    this.#chain.close();
    const error = await this.#run;
    if (error) throw error;
    if (this.#summary) this.#stream.write(`\n${formatSummary(this.#summary, { color: this.#color })}\n`);
    await flush(this.#stream);
  }

  #counts(): Counts {
    const counts: Counts = { running: 0, done: 0, failed: 0, skipped: 0 };
    for (const row of this.#stories.values()) {
      const end = row.endKind;
      if (end === null && row.phase !== 'queued') counts.running += 1;
      else if (end === 'done') counts.done += 1;
      else if (end === 'failed' || end === 'conflicted') counts.failed += 1;
      else if (end === 'skipped') counts.skipped += 1;
    }
    return counts;
  }

  /**
   * The story's row, created (and appended to the list) on first sight. Only
   * a (re)start replaces a finished row: late events about a finished story,
   * such as a phase change after `story:done`, must not add a second row.
   */
  #story(storyId: string, options: { restart: boolean } = { restart: false }): StoryRow {
    const current = this.#stories.get(storyId);
    if (current && !(options.restart && current.finished)) return current;
    const row = new StoryRow(storyId, this.#titles.get(storyId) ?? '');
    this.#stories.set(storyId, row);
    this.#chain.append(row);
    return row;
  }

  #notice(line: string): void {
    this.#notices.push(line);
  }

  #syncAll(now: number): void {
    this.#header.sync(now);
    for (const row of this.#stories.values()) if (!row.finished) row.sync(now);
    this.#reconcile?.sync(now);
  }

  #tick(): void {
    this.#syncAll(this.#now());
  }
}
