/**
 * Pure formatting helpers shared by every renderer: durations, clocks, counts,
 * and the end-of-run summary table. No I/O, no clocks: callers pass numbers.
 */
import type { Summary, Usage } from '../events/types.js';
import { padEndVisible, paint, visibleWidth, type Style } from './ansi.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A human duration whose precision shrinks as it grows:
 * `850 ms`, `4.2s`, `42s`, `1m 05s`, `2h 03m 10s`. Negative durations (a
 * parallel run slower than its sequential estimate) keep their sign.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(ms / SECOND);
  if (ms < MINUTE) return `${totalSeconds}s`;
  const seconds = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (ms < HOUR) return `${totalMinutes}m ${pad2(seconds)}s`;
  return `${Math.floor(totalMinutes / 60)}h ${pad2(totalMinutes % 60)}m ${pad2(seconds)}s`;
}

/** Elapsed time as a log-line clock: `00:12`, `12:40`, `1:02:03`. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / SECOND));
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${pad2(minutes)}:${pad2(seconds)}`;
}

/** Integers with thousands separators (`1,234,567`), independent of the host locale. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Compact counts for tight spaces: `950`, `13.6k`, `1.2M`. */
export function formatCompact(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** `$0.42`; sub-cent costs are shown as `<$0.01` rather than rounding to zero. */
export function formatCost(usd: number | null): string {
  if (usd === null) return 'not reported';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

/** `2.6×` */
export function formatSpeedup(speedup: number): string {
  return Number.isFinite(speedup) && speedup > 0 ? `${speedup.toFixed(1)}×` : '–';
}

/** The abbreviated commit id git itself shows. */
export function shortCommit(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * `Summary.concurrencyHistory[].at` is either milliseconds since the run
 * started or an epoch timestamp, depending on who filled it; anything past
 * 1973 is clearly the latter and is shown as a wall-clock time.
 */
function formatHistoryTime(at: number): string {
  if (at < 1e11) return `+${formatClock(at)}`;
  const d = new Date(at);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

export interface SummaryFormatOptions {
  /** Emit ANSI colour codes (headings, pass/fail counts). Default false. */
  color: boolean;
}

/** One label/value row; `style` colours the value when colour is on. */
interface Row {
  label: string;
  value: string;
  style?: Style;
}

interface Section {
  title: string;
  rows: Row[];
}

const countRow = (label: string, n: number, styleWhenNonZero?: Style): Row =>
  n > 0 && styleWhenNonZero ? { label, value: formatCount(n), style: styleWhenNonZero } : { label, value: formatCount(n) };

function runSection(s: Summary): Section {
  // In a sequential run the estimate is the wall time; in a parallel one, what it adds up.
  const parts: Row[] =
    s.mode === 'parallel'
      ? [
          { label: '  start-up', value: formatDuration(s.timing.startupMs) },
          { label: '  agent runs', value: formatDuration(s.timing.agentMs) },
          { label: '  setup/gates/commit', value: formatDuration(s.timing.overheadMs) },
        ]
      : [];
  return {
    title: 'Run',
    rows: [
      { label: 'Mode', value: s.mode },
      { label: 'Wall time', value: formatDuration(s.wallMs) },
      { label: 'Sequential estimate', value: formatDuration(s.sequentialEstimateMs) },
      ...parts,
      { label: 'Time saved', value: formatDuration(s.timeSavedMs), ...(s.timeSavedMs > 0 ? { style: 'green' as const } : {}) },
      { label: 'Speedup', value: formatSpeedup(s.speedup) },
    ],
  };
}

function storiesSection(s: Summary): Section {
  const st = s.stories;
  return {
    title: 'Stories',
    rows: [
      countRow('Total', st.total),
      countRow('Passed', st.passed, 'green'),
      countRow('Failed', st.failed, 'red'),
      countRow('Conflicted', st.conflicted, 'yellow'),
      countRow('Skipped', st.skipped, 'yellow'),
      countRow('Pending', st.pending, 'yellow'),
    ],
  };
}

function mergesSection(s: Summary): Section {
  const c = s.conflicts;
  const { entity, line, agent } = c.byMethod;
  return {
    title: 'Merges',
    rows: [
      countRow('Merged', s.merges),
      countRow('Conflicts detected', c.detected, 'yellow'),
      {
        label: 'Auto-resolved',
        value: `${formatCount(c.autoResolved)} (entity ${formatCount(entity)}, line ${formatCount(line)}, agent ${formatCount(agent)})`,
      },
      countRow('Sequential fallbacks', c.fallbacks, 'yellow'),
    ],
  };
}

function reconcileSection(s: Summary): Section {
  const r = s.reconciliation;
  return {
    title: 'Reconciliation',
    rows: [
      countRow('Runs', r.runs),
      countRow('Issues found', r.issuesFound),
      countRow('Auto-fixed', r.autoFixed),
      countRow('Flagged', r.flagged, 'red'),
      ...r.flaggedItems.map((item): Row => ({
        label: `  ${item.kind}`,
        value: `${item.file ?? '(repository)'}${item.line !== null ? `:${item.line}` : ''} ${item.message}${item.stories.length > 0 ? ` [${item.stories.join(', ')}]` : ''}`,
        style: 'red',
      })),
    ],
  };
}

function concurrencySection(s: Summary): Section {
  const rows: Row[] = s.concurrencyHistory.map((h) => ({
    label: formatHistoryTime(h.at),
    value: `${h.from} → ${h.to}: ${h.reason}`,
  }));
  return { title: 'Concurrency', rows: rows.length > 0 ? rows : [{ label: 'Changes', value: 'none' }] };
}

function usageSection(usage: Usage | null): Section {
  if (!usage) return { title: 'Usage', rows: [{ label: 'Tokens', value: 'not reported' }] };
  return {
    title: 'Usage',
    rows: [
      { label: 'Input tokens', value: formatCount(usage.inputTokens) },
      { label: 'Output tokens', value: formatCount(usage.outputTokens) },
      { label: 'Cache read tokens', value: formatCount(usage.cacheReadTokens) },
      { label: 'Cache write tokens', value: formatCount(usage.cacheWriteTokens) },
      { label: 'Cost', value: formatCost(usage.costUsd) },
    ],
  };
}

function scopeDriftSection(s: Summary): Section {
  const rows: Row[] = s.scopeDrift.map((d) => ({ label: d.storyId, value: d.files.join(', '), style: 'yellow' }));
  return { title: 'Scope drift', rows: rows.length > 0 ? rows : [{ label: 'Stories', value: 'none' }] };
}

function failuresSection(s: Summary): Section {
  const rows: Row[] = s.failures.map((f) => ({ label: f.storyId, value: f.reason, style: 'red' }));
  return { title: 'Failures', rows: rows.length > 0 ? rows : [{ label: 'Stories', value: 'none' }] };
}

/**
 * The end-of-run summary as a two-column table grouped into sections. Every
 * section is always present (empty ones say `none`) so the shape of the
 * output never depends on what happened; multi-line values (long failure
 * reasons) are indented under the value column.
 */
export function formatSummary(summary: Summary, options: SummaryFormatOptions = { color: false }): string {
  const color = options.color;
  const sections = [
    runSection(summary),
    storiesSection(summary),
    mergesSection(summary),
    reconcileSection(summary),
    concurrencySection(summary),
    usageSection(summary.usage),
    scopeDriftSection(summary),
    failuresSection(summary),
  ];
  const labelWidth = Math.max(...sections.flatMap((sec) => sec.rows.map((r) => visibleWidth(r.label))));
  const indent = '  ';
  const continuation = ' '.repeat(indent.length + labelWidth + 2);

  const title = 'ralph-wt summary';
  const lines = [paint('bold', title, color), '═'.repeat(title.length)];
  for (const section of sections) {
    lines.push(paint('bold', paint('cyan', section.title, color), color));
    for (const row of section.rows) {
      const [first = '', ...rest] = row.value.split(/\r?\n/);
      const paintValue = (text: string): string => (row.style ? paint(row.style, text, color) : text);
      lines.push(`${indent}${paint('dim', padEndVisible(row.label, labelWidth), color)}  ${paintValue(first)}`.trimEnd());
      for (const more of rest) lines.push(`${continuation}${paintValue(more)}`.trimEnd());
    }
  }
  return lines.join('\n');
}
