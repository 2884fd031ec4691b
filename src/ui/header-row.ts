/** The first row of the task list: what kind of run this is and how far along it is. */
import type { EventOf, Usage } from '../events/types.js';
import { describeUsageShort } from './describe.js';
import { formatDuration } from './format.js';
import { Row, type RowView } from './task-rows.js';

export interface Progress {
  mode: EventOf<'run:start'>['mode'] | null;
  stories: number;
  concurrency: number | 'auto';
  startedAt: number | null;
  /** Every agent run's usage, including runs of stories that were retried. */
  usage: Usage | null;
}

/** Story counts, taken from each story's latest row. */
export interface Counts {
  running: number;
  done: number;
  failed: number;
  skipped: number;
}

/** `ralph-wt · parallel · 8 stories · concurrency 3 · 2 running, 3 done, 1 failed · 4m 10s · $1.20` */
export class HeaderRow extends Row {
  readonly #progress: Progress;
  readonly #counts: () => Counts;

  constructor(progress: Progress, counts: () => Counts) {
    super();
    this.#progress = progress;
    this.#counts = counts;
  }

  /** ✖ when any story failed or conflicted, else ✔. */
  close(failed: boolean): void {
    this.settle(failed ? 'failed' : 'completed');
  }

  view(now: number): RowView {
    const p = this.#progress;
    if (p.mode === null) return { title: 'ralph-wt · waiting for the run to start', output: null };
    const c = this.#counts();
    const counts = [`${c.running} running`, `${c.done} done`];
    if (c.failed > 0) counts.push(`${c.failed} failed`);
    if (c.skipped > 0) counts.push(`${c.skipped} skipped`);
    const parts = [`ralph-wt · ${p.mode}`, `${p.stories} ${p.stories === 1 ? 'story' : 'stories'}`, `concurrency ${p.concurrency}`, counts.join(', ')];
    if (p.startedAt !== null) parts.push(formatDuration(now - p.startedAt));
    if (p.usage) parts.push(describeUsageShort(p.usage));
    return { title: parts.join(' · '), output: null };
  }
}
