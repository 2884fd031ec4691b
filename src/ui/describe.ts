/**
 * Words for events, shared by the line renderer and the task renderer so the
 * two UIs never describe the same thing differently.
 */
import { stripAnsi, truncateVisible } from './ansi.js';
import { describeConflictReasons } from '../events/conflict-reasons.js';
import type { EventOf, StoryPhase, Usage } from '../events/types.js';
import { formatCompact, formatCost, formatCount, formatDuration, shortCommit } from './format.js';

export type MergeMethod = EventOf<'merge:done'>['method'];

const MERGE_METHOD: Record<MergeMethod, string> = {
  fast: 'clean merge',
  entity: 'entity merge',
  line: 'line merge',
  agent: 'agent-resolved merge',
};

/** `entity merge`, `clean merge`, … */
export function mergeMethodLabel(method: MergeMethod): string {
  return MERGE_METHOD[method];
}

const PHASE: Record<StoryPhase, string> = {
  queued: 'queued',
  worktree: 'creating worktree',
  setup: 'running setup',
  agent: 'agent running',
  gates: 'running quality gates',
  commit: 'committing',
  merging: 'merging',
  done: 'done',
  failed: 'failed',
  conflicted: 'conflicted',
  skipped: 'skipped',
};

/** What a story is doing in a given phase, as a present-tense phrase. */
export function phaseLabel(phase: StoryPhase): string {
  return PHASE[phase];
}

/** Phases that have their own terminal event (`story:done` etc.), so a phase line would repeat it. */
export function isTerminalPhase(phase: StoryPhase): boolean {
  return phase === 'done' || phase === 'failed' || phase === 'conflicted' || phase === 'skipped';
}

/** First line of free text, escape sequences removed, whitespace collapsed and cut to `max` columns. */
export function oneLine(text: string, max = 160): string {
  const first = stripAnsi(text).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return truncateVisible(first.replace(/\s+/g, ' ').trim(), max);
}

/** `2 files (src/a.ts, src/b.ts)`, listing at most three paths. */
export function describeFiles(files: readonly string[]): string {
  const noun = files.length === 1 ? 'file' : 'files';
  if (files.length === 0) return 'no files';
  const shown = files.slice(0, 3).join(', ');
  const more = files.length > 3 ? `, +${files.length - 3} more` : '';
  return `${files.length} ${noun} (${shown}${more})`;
}

export function describeStarted(e: EventOf<'story:started'>): string {
  const where = [`attempt ${e.attempt}`];
  if (e.branch) where.push(`branch ${e.branch}`);
  if (e.worktree) where.push(`worktree ${e.worktree}`);
  return `started: ${e.title} (${where.join(', ')})`;
}

export function describeDone(e: EventOf<'story:done'>): string {
  return `done in ${formatDuration(e.durationMs)}${e.commit ? ` ${shortCommit(e.commit)}` : ''}`;
}

export function describeMergeDone(e: EventOf<'merge:done'>): string {
  return `merged (${mergeMethodLabel(e.method)}) ${shortCommit(e.commit)}`;
}

/** `merge conflict in src/math.ts: function add (both modified) — requeued to run sequentially`. */
export function describeMergeConflict(e: EventOf<'merge:conflict'>): string {
  const outcome = e.resolution === 'fallback' ? 'requeued to run sequentially' : 'left conflicted';
  const where = e.conflicts.length > 0 ? describeConflictReasons(e.conflicts) : describeFiles(e.files);
  return `merge conflict in ${where} — ${outcome}`;
}

export function describeConcurrency(e: EventOf<'concurrency'>): string {
  return `concurrency ${e.from} → ${e.to}: ${e.reason}`;
}

export function describeReconcileIssue(e: EventOf<'reconcile:issue'>): string {
  // A warning (a checker that is not installed, errors already on the base) is neither fixed nor flagged.
  if (!e.fixed && !e.flagged) return `reconcile warning: ${oneLine(e.message)}`;
  const where = e.file ? ` ${e.file}${e.line !== null ? `:${e.line}` : ''}` : '';
  const stories = e.stories.length > 0 ? ` [${e.stories.join(', ')}]` : '';
  return `reconcile ${e.fixed ? 'fixed' : 'FLAGGED'} ${e.kind}${where}: ${oneLine(e.message)}${stories}`;
}

export function describeReconcileDone(e: EventOf<'reconcile:done'>): string {
  return `reconcile done: ${formatCount(e.issuesFound)} issues, ${formatCount(e.autoFixed)} auto-fixed, ${formatCount(e.flagged)} flagged`;
}

/** `rate-limited, resets in 4m 10s: …`; `now` is passed in to keep this pure. */
export function describeRateLimit(e: EventOf<'rate-limit'>, now: number): string {
  return `rate-limited, resets in ${formatDuration(Math.max(0, e.resetAt - now))}: ${oneLine(e.message)}`;
}

/** `12,345 in / 1,234 out tokens, $0.12` (cache tokens only when there were any). */
export function describeUsage(usage: Usage): string {
  const parts = [`${formatCount(usage.inputTokens)} in / ${formatCount(usage.outputTokens)} out tokens`];
  const cached = usage.cacheReadTokens + usage.cacheWriteTokens;
  if (cached > 0) parts.push(`${formatCount(usage.cacheReadTokens)} cache read / ${formatCount(usage.cacheWriteTokens)} cache write`);
  if (usage.costUsd !== null) parts.push(formatCost(usage.costUsd));
  return parts.join(', ');
}

/** The short form for a task title: the cost when known, else the token count. */
export function describeUsageShort(usage: Usage): string {
  if (usage.costUsd !== null) return formatCost(usage.costUsd);
  return `${formatCompact(usage.inputTokens + usage.outputTokens)} tokens`;
}


export function describeScopeDrift(e: EventOf<'scope-drift'>): string {
  return `scope drift: changed ${describeFiles(e.files)} outside its scope${e.rejected ? ', changes rejected' : ''}`;
}
