import type { ConflictReason } from '../events/types.js';

/**
 * The run journal (`<ralphDir>/state.json`): the single source of truth for
 * resume, `status` and `clean`. A story's record is the story machine's
 * snapshot (scheduler/story-machine.ts), journaled before its transition is
 * announced or acted on. Times are epoch milliseconds.
 */

/** `interrupted`: it was running when the run was stopped (Ctrl-C); the next run starts it again. */
export const STORY_STATES = ['queued', 'running', 'interrupted', 'merging', 'done', 'failed', 'conflicted', 'skipped'] as const;
export type StoryState = (typeof STORY_STATES)[number];

export interface StoryRecord {
  state: StoryState;
  /** Short name of the story branch once created. */
  branch: string | null;
  /** Absolute worktree path while one exists. */
  worktree: string | null;
  attempts: number;
  /** Tip of the story branch after the agent's work. */
  commit: string | null;
  /** The integration-branch commit that merged this story. */
  mergedCommit: string | null;
  logFile: string | null;
  /** Why the story failed, conflicted or was skipped. */
  reason: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** Files changed outside the story's targetFiles. */
  scopeDrift?: string[];
  /** What its last merge conflicted on, by file and entity. */
  conflicts?: ConflictReason[];
  /**
   * The agent said done and the gates passed; set until the commit is
   * recorded. A run stopped in between leaves the work uncommitted in the
   * worktree: the next run commits it instead of paying for the agent again.
   */
  finished?: { summary: string };
}

export interface JournalData {
  version: 1;
  runId: string;
  prdPath: string;
  integrationBranch: string;
  /** Where the run puts story worktrees (absolute), so `clean` and a resume find them whatever the settings now say. */
  worktreeBase?: string;
  startedAt: number;
  updatedAt: number;
  stories: Record<string, StoryRecord>;
}

export function newStoryRecord(): StoryRecord {
  return {
    state: 'queued',
    branch: null,
    worktree: null,
    attempts: 0,
    commit: null,
    mergedCommit: null,
    logFile: null,
    reason: null,
    startedAt: null,
    finishedAt: null,
  };
}
