/**
 * The rows of the interactive view. A row holds the UI's own model of a story (or a reconciliation run) and
 * says how it looks now: its title, the detail line under it while it runs, and its state.
 */
import type { EventOf, StoryPhase, Usage } from '../events/types.js';
import { addUsage } from '../events/usage.js';
import { describeMergeConflict, describeUsageShort, mergeMethodLabel, oneLine, phaseLabel, type MergeMethod } from './describe.js';
import { formatCount, formatDuration, shortCommit } from './format.js';

/** A row's state, drawn as a spinner, ✔, ✖ or ↓. */
export type RowState = 'running' | 'completed' | 'failed' | 'skipped';

export interface RowView {
  title: string;
  /** The line under the title while the row is running (latest activity). */
  output: string | null;
}

const SEP = ' · ';

export abstract class Row {
  #state: RowState = 'running';

  /** The row's text at `now`. */
  abstract view(now: number): RowView;

  get state(): RowState {
    return this.#state;
  }

  get finished(): boolean {
    return this.#state !== 'running';
  }

  /** Ends the row; the first end wins, so racing finishers are harmless. */
  protected settle(state: Exclude<RowState, 'running'>): void {
    if (!this.finished) this.#state = state;
  }
}

const clip = (text: string, max: number): string => oneLine(text, max);

export type StoryEnd =
  | { kind: 'done'; commit: string | null; durationMs: number }
  | { kind: 'failed'; reason: string; durationMs: number }
  | { kind: 'conflicted'; reason: string; conflictRef: string | null }
  | { kind: 'skipped'; reason: string }
  | { kind: 'unfinished' };

/** One story's row: `US-003 Add login form · agent running (iteration 2/5) · 1m 05s`. */
export class StoryRow extends Row {
  readonly storyId: string;
  #title: string;
  #startedAt: number | null = null;
  #attempt = 1;
  #phase: StoryPhase = 'queued';
  #detail: string | null = null;
  #iteration: { n: number; max: number } | null = null;
  #activity: string | null = null;
  #merge: { method: MergeMethod; commit: string } | null = null;
  #usage: Usage | null = null;
  #end: StoryEnd | null = null;

  constructor(storyId: string, title: string) {
    super();
    this.storyId = storyId;
    this.#title = title;
  }

  get phase(): StoryPhase {
    return this.#phase;
  }

  /** How the story ended, or null while it is still in flight. */
  get endKind(): StoryEnd['kind'] | null {
    return this.#end?.kind ?? null;
  }

  started(e: EventOf<'story:started'>, now: number): void {
    this.#title = e.title;
    this.#startedAt ??= now;
    this.#attempt = e.attempt;
    this.#phase = 'worktree';
    this.#detail = null;
  }

  phaseChanged(e: EventOf<'story:phase'>): void {
    this.#phase = e.phase;
    this.#detail = e.detail ?? null;
    if (e.phase !== 'agent') this.#iteration = null;
  }

  iteration(e: EventOf<'story:iteration'>): void {
    this.#iteration = { n: e.iteration, max: e.maxIterations };
  }

  /** Only the model changes; the renderer's tick pushes it, so a chatty agent costs one redraw per tick. */
  activity(text: string): void {
    const line = oneLine(text, 200);
    if (line !== '') this.#activity = line;
  }

  mergeStarted(): void {
    this.#phase = 'merging';
  }

  merged(e: EventOf<'merge:done'>): void {
    this.#merge = { method: e.method, commit: e.commit };
  }

  mergeConflict(e: EventOf<'merge:conflict'>): void {
    this.#activity = describeMergeConflict(e);
    if (e.resolution === 'fallback') {
      this.#phase = 'queued';
      this.#detail = 'sequential fallback';
    }
  }

  rateLimited(text: string): void {
    this.#activity = text;
  }

  /** Usage of every agent run of this story so far. */
  addUsage(usage: Usage): void {
    this.#usage = addUsage(this.#usage, usage);
  }

  /** Shown under the title like activity, until the agent says something newer. */
  note(text: string): void {
    this.#activity = text;
  }

  end(end: StoryEnd): void {
    if (this.finished) return;
    this.#end = end;
    this.settle(end.kind === 'done' ? 'completed' : end.kind === 'failed' || end.kind === 'conflicted' ? 'failed' : 'skipped');
  }

  view(now: number): RowView {
    const head = `${this.storyId} ${clip(this.#title, 48)}`;
    const elapsed = this.#startedAt === null ? null : formatDuration(now - this.#startedAt);
    const end = this.#end;
    if (end) {
      const took = end.kind === 'done' || end.kind === 'failed' ? [formatDuration(end.durationMs)] : [];
      return { title: [head, this.#endText(end), ...took, ...this.#usageParts()].join(SEP), output: null };
    }
    const attempt = this.#attempt > 1 ? ` (attempt ${this.#attempt})` : '';
    const iteration = this.#iteration ? ` (iteration ${this.#iteration.n}/${this.#iteration.max})` : '';
    const detail = this.#detail ? `: ${clip(this.#detail, 48)}` : '';
    const parts = [head, `${phaseLabel(this.#phase)}${detail}${iteration}${attempt}`];
    if (elapsed) parts.push(elapsed);
    parts.push(...this.#usageParts());
    return { title: parts.join(SEP), output: this.#activity };
  }

  #usageParts(): string[] {
    return this.#usage ? [describeUsageShort(this.#usage)] : [];
  }

  #endText(end: StoryEnd): string {
    switch (end.kind) {
      case 'done': {
        if (this.#merge) return `merged (${mergeMethodLabel(this.#merge.method)}) ${shortCommit(this.#merge.commit)}`;
        return end.commit ? `done ${shortCommit(end.commit)}` : 'done';
      }
      case 'failed':
        return `failed: ${clip(end.reason, 120)}`;
      case 'conflicted':
        return `conflicted: ${clip(end.reason, 160)}${end.conflictRef ? ` (kept at ${end.conflictRef})` : ''}`;
      case 'skipped':
        return `skipped: ${clip(end.reason, 120)}`;
      case 'unfinished':
        return `not finished (was ${phaseLabel(this.#phase)})`;
    }
  }
}

/** One reconciliation run on the integration branch. */
export class ReconcileRow extends Row {
  readonly #stories: readonly string[];
  readonly #startedAt: number;
  #issues = 0;
  #latest: string | null = null;
  #result: { text: string; durationMs: number } | null = null;

  constructor(stories: readonly string[], now: number) {
    super();
    this.#stories = stories;
    this.#startedAt = now;
  }

  issue(text: string): void {
    this.#issues += 1;
    this.#latest = text;
  }

  done(e: EventOf<'reconcile:done'>, now: number): void {
    if (this.finished) return;
    this.#result = {
      text: `${formatCount(e.issuesFound)} issues, ${formatCount(e.autoFixed)} auto-fixed, ${formatCount(e.flagged)} flagged`,
      durationMs: now - this.#startedAt,
    };
    this.settle('completed');
  }

  /** The run ended before reconciliation reported back. */
  abandon(): void {
    this.settle('skipped');
  }

  view(now: number): RowView {
    const head = `reconcile ${this.#stories.length > 0 ? clip(this.#stories.join(', '), 60) : 'integration branch'}`;
    if (this.#result) return { title: [head, this.#result.text, formatDuration(this.#result.durationMs)].join(SEP), output: null };
    if (this.finished) return { title: [head, 'not finished'].join(SEP), output: null };
    const found = this.#issues > 0 ? `${this.#issues} issues so far` : 'checking';
    return { title: [head, found, formatDuration(now - this.#startedAt)].join(SEP), output: this.#latest };
  }
}
