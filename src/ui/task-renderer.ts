/**
 * The interactive TTY view, redrawn in place: a header (mode, concurrency, progress), one row per story that
 * has started (phase, elapsed time, latest agent activity underneath), one row per reconciliation run, in the
 * order they appeared, and the latest notices at the bottom. Events update the rows' model; a timer redraws
 * the frame, so a chatty agent costs one redraw per tick. `close()` draws the final frame, with every row in
 * its end state, then prints the summary table.
 */
import type { RunEvent, Summary } from '../events/types.js';
import { addUsage } from '../events/usage.js';
import { paint } from './ansi.js';
import { describeConcurrency, describeMergeConflict, describeRateLimit, describeReconcileIssue, describeScopeDrift, oneLine } from './describe.js';
import { figures, SPINNER } from './figures.js';
import { formatSummary } from './format.js';
import { HeaderRow, type Counts, type Progress } from './header-row.js';
import { LiveFrame, type FrameLine } from './live-frame.js';
import { NoticeBar } from './notice-bar.js';
import { flush, type UiRenderer } from './renderer.js';
import { ReconcileRow, StoryRow, type Row, type RowState } from './task-rows.js';

export interface TaskRendererOptions {
  /** An interactive terminal (attachUi checks); the frame is sized to its columns and rows. */
  stream: NodeJS.WritableStream;
  /** Colour the icons and the summary table. */
  color?: boolean;
  now?: () => number;
  /** How often the frame is redrawn (elapsed times, activity lines, the spinner). */
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
  /** Story and reconciliation rows in the order they appeared. */
  readonly #rows: Row[] = [];
  #reconcile: ReconcileRow | null = null;
  readonly #notices: NoticeBar;
  readonly #frame: LiveFrame;
  readonly #timer: NodeJS.Timeout;
  #spin = 0;
  #summary: Summary | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: TaskRendererOptions) {
    this.#stream = options.stream;
    this.#color = options.color ?? false;
    this.#now = options.now ?? Date.now;
    this.#header = new HeaderRow(this.#progress, () => this.#counts());
    this.#notices = new NoticeBar(options.maxNotices ?? 4);
    this.#frame = new LiveFrame(this.#stream);
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
        this.#story(event.storyId).end({ kind: 'done', commit: event.commit, durationMs: event.durationMs });
        break;
      case 'story:failed':
        this.#story(event.storyId).end({ kind: 'failed', reason: event.reason, durationMs: event.durationMs });
        break;
      case 'story:conflicted':
        this.#story(event.storyId).end({ kind: 'conflicted', reason: event.reason, conflictRef: event.conflictRef });
        break;
      case 'story:skipped':
        this.#story(event.storyId).end({ kind: 'skipped', reason: event.reason });
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
        this.#reconcile?.abandon();
        this.#reconcile = new ReconcileRow(event.stories, now);
        this.#rows.push(this.#reconcile);
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
  }

  close(): Promise<void> {
    this.#closing ??= this.#finish();
    return this.#closing;
  }

  async #finish(): Promise<void> {
    clearInterval(this.#timer);
    for (const row of this.#stories.values()) row.end({ kind: 'unfinished' });
    this.#reconcile?.abandon();
    this.#header.close(this.#counts().failed > 0);
    this.#frame.finish(this.#lines(this.#now()));
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
    this.#rows.push(row);
    return row;
  }

  #notice(line: string): void {
    this.#notices.push(line);
  }

  /** The frame: header, rows (a running row's activity under it), a blank line and the notices. */
  #lines(now: number): FrameLine[] {
    const lines: FrameLine[] = [];
    for (const row of [this.#header, ...this.#rows]) {
      const { title, output } = row.view(now);
      lines.push({ prefix: `${this.#icon(row.state)} `, text: title, settled: row.finished && row !== this.#header });
      if (!row.finished && output !== null) lines.push({ prefix: `  ${paint('dim', figures.pointerSmall, this.#color)} `, text: output });
    }
    if (this.#notices.lines.length > 0) {
      lines.push({ prefix: '', text: '' });
      for (const notice of this.#notices.lines) lines.push({ prefix: `${paint('dim', figures.pointerSmall, this.#color)} `, text: notice });
    }
    return lines;
  }

  #icon(state: RowState): string {
    switch (state) {
      case 'running':
        return paint('yellow', SPINNER[this.#spin % SPINNER.length] ?? figures.pointerSmall, this.#color);
      case 'completed':
        return paint('green', figures.tick, this.#color);
      case 'failed':
        return paint('red', figures.cross, this.#color);
      case 'skipped':
        return paint('yellow', figures.arrowDown, this.#color);
    }
  }

  #tick(): void {
    this.#spin += 1;
    this.#frame.draw(this.#lines(this.#now()));
  }
}
