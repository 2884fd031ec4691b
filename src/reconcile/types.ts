import type { RunContext } from '../run/context.js';
import type { TypecheckBaseline } from './baseline.js';

/** One story merged since the last reconciliation. */
export interface ReconcileBatchStory {
  storyId: string;
  title: string;
  /** Files the story's merge changed, repo-relative POSIX paths. */
  files: string[];
}

export interface ReconcileOptions {
  /** settings, bus (reconcile:* events), adapter, signal, logDir, repoRoot. */
  ctx: RunContext;
  /**
   * A worktree with the integration head checked out (detached HEAD), where reconcile may edit, stage and
   * commit — or how to get one: then it is asked for only when a check needs files on disk or a fix must be
   * committed, and otherwise the batch is read from the object store. A checkout asked for must hold head
   * afresh (unmerged index entries are only looked for in a given one).
   */
  dir: string | (() => Promise<string>);
  /** The sha checked out in dir. */
  head: string;
  /** Stories merged since the last reconciliation. */
  batch: ReconcileBatchStory[];
  /**
   * Type errors that were there before the batch are not its stories' fault:
   * `base` is the commit the batch was merged onto, `checkoutAt` puts a
   * commit in the reconciliation checkout (to type-check the base when the
   * run's record does not know it yet).
   */
  baseline?: { base: string; record: TypecheckBaseline; checkoutAt: (commit: string) => Promise<string> };
}

export type ReconcileIssueKind = 'conflict-marker' | 'unmerged' | 'typecheck' | 'duplicate-import' | 'format' | 'gate' | 'tool-missing' | 'on-base';

/**
 * Found but nobody's to fix in this run: a checker that is not installed, and
 * errors already on the base before the batch. Reported, never flagged.
 */
const WARNING_KINDS: ReadonlySet<ReconcileIssueKind> = new Set(['tool-missing', 'on-base']);

export function isWarningKind(kind: ReconcileIssueKind): boolean {
  return WARNING_KINDS.has(kind);
}

/** Left for a human (or the agent fix-up): not fixed and not a warning. */
export function isFlagged(issue: Pick<ReconcileIssue, 'kind' | 'fixed'>): boolean {
  return !issue.fixed && !isWarningKind(issue.kind);
}

export interface ReconcileIssue {
  kind: ReconcileIssueKind;
  /** Repo-relative POSIX path, or null when the issue is not about one file (a failing gate). */
  file: string | null;
  /** 1-based line in the file as it was at `head`, or null. */
  line: number | null;
  message: string;
  /** What to do about it (or what was done, when fixed). */
  suggestion: string;
  fixed: boolean;
  /** Stories whose merges are implicated. */
  stories: string[];
}

export interface ReconcileResult {
  issues: ReconcileIssue[];
  /** Issues fixed: trivial ones by reconcile itself, complex ones by a kept agent fix-up. */
  autoFixed: number;
  /** Issues left for a human: not fixed and not a warning (`tool-missing` is a warning and counts as neither). */
  flagged: number;
  /** Commit made in dir on top of head (parent = head, or the trivial-fix commit for an agent fix), or null. */
  fixCommit: string | null;
}

/** Counts for reconcile:done and the run summary: a warning is found but neither fixed nor flagged. */
export function countIssues(issues: readonly ReconcileIssue[]): { issuesFound: number; autoFixed: number; flagged: number } {
  const autoFixed = issues.filter((i) => i.fixed).length;
  const flagged = issues.filter(isFlagged).length;
  return { issuesFound: issues.length, autoFixed, flagged };
}
