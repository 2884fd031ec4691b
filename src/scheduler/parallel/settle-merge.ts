import { describeConflictReasons } from '../../events/conflict-reasons.js';
import { pathExists } from '../../util/path-exists.js';
import { mergeStory, type MergeResult } from '../../merge/merge-story.js';
import type { UserStory } from '../../prd/types.js';
import type { WrittenOrchestratorFiles } from '../../run/orchestrator-files.js';
import { conflictRefName, storyBranchName } from '../../workspace/branch-names.js';
import type { ParallelRun } from './parallel-run.js';
import { deleteBranch, disposeStoryBranch, keepBranch, recordUntrackedFiles } from './story-branches.js';

export interface FinishedStory {
  story: UserStory;
  /** The story branch's tip: its work plus passes:true and the progress entry. */
  tip: string;
  startedAt: number;
  /** The progress entry, when the branch's log cannot be diffed (untracked progress.txt). */
  entry: string | null;
  /** The commit the story started from, when known. */
  base: string | null;
  /** Files the story changed, when known. */
  files: string[] | null;
  /** prd.json / progress.txt as the story's commit holds them, when known. */
  written: WrittenOrchestratorFiles | null;
  /** A re-run alone on a new head (never sent back again). */
  isFallback: boolean;
  /** Merged on behalf of an interrupted earlier run (does not count for concurrency feedback). */
  resumed: boolean;
  /**
   * The story's worktree, when it still holds one (a resumed merge); null once
   * it went back to the recycler, which story jobs do before merging.
   */
  worktree: string | null;
}

/** What the merge lane did with a story: mergeStory's result, or nothing because the run was stopped while it waited. */
export type LaneOutcome = MergeResult | { kind: 'interrupted' };

/**
 * Sends a finished story through the merge lane and settles the outcome:
 * merged → done (its worktree is kept for the next story); a complex
 * conflict → its work kept on a conflicts branch and the story queued for a
 * sequential re-run (or marked conflicted with --no-fallback). Stopped while
 * it waited for the lane, it stays merging: the next run merges it first.
 */
export async function mergeAndSettle(run: ParallelRun, finished: FinishedStory): Promise<void> {
  const { ctx } = run;
  const { bus } = ctx;
  const { story, tip } = finished;
  if (ctx.signal.aborted) return;
  await run.stories.apply(story.id, { type: 'commit', tip, worktree: finished.worktree });
  const branch = storyBranchName(run.slug, story.id);
  const result: LaneOutcome = await run.mergeQueue.enqueue(async (): Promise<LaneOutcome> => {
    if (ctx.signal.aborted) return { kind: 'interrupted' };
    bus.emit({ type: 'merge:start', storyId: story.id, branch });
    return mergeStory(ctx, run.mergeDeps, { story, storyTip: tip, storyBase: finished.base, storyFiles: finished.files, progressEntry: finished.entry, written: finished.written });
  });
  switch (result.kind) {
    case 'interrupted':
      return;
    case 'merged':
      // Stopped meanwhile: it stays merging, and the next run finds it passing on the branch (settle-merged).
      if (ctx.signal.aborted) return;
      await settleMerged(run, finished, result.commit, result.method);
      return;
    case 'conflict':
    case 'gates-failed':
      if (ctx.signal.aborted) return;
      await settleConflict(run, finished, result);
      return;
    default:
      return unreachable(result);
  }
}

async function settleMerged(run: ParallelRun, finished: FinishedStory, commit: string, method: 'fast' | 'entity' | 'agent'): Promise<void> {
  const { ctx } = run;
  const { story } = finished;
  await recordUntrackedFiles(ctx, story, finished.entry);
  // Done from here on (its dependents may start), announced once journaled.
  const recorded = run.stories.apply(story.id, { type: 'merged', at: Date.now(), commit, method, durationMs: Date.now() - finished.startedAt });
  if (isFeedback(finished)) run.apply(run.policy.onMerge('clean', run.remainingWidth()));
  run.addToBatch({ storyId: story.id, title: story.title, mergeCommit: commit });
  await recorded;
  // The branch goes with the others at the end of the run (deleteMergedBranches).
  // A resumed merge's worktree may be gone (moved on by the interrupted run).
  if (finished.worktree !== null && (await pathExists(finished.worktree))) run.recycler.release(finished.worktree);
}

async function settleConflict(run: ParallelRun, finished: FinishedStory, result: Extract<MergeResult, { kind: 'conflict' | 'gates-failed' }>): Promise<void> {
  const { ctx } = run;
  const { story, tip } = finished;
  const branch = storyBranchName(run.slug, story.id);
  const keptRef = conflictRefName(run.slug, story.id, run.nextConflictRef(story.id));
  await keepBranch(ctx, keptRef, tip);
  if (finished.worktree !== null) await disposeStoryBranch(ctx, finished.worktree, branch);
  else await deleteBranch(ctx, branch, 'ralph-wt: story branch no longer needed');
  const files = result.kind === 'conflict' ? result.files : [];
  const conflicts = result.kind === 'conflict' ? result.conflicts : [];
  // One line naming what conflicted, for the display and `status` (the summary is the re-run's prompt).
  const why = conflicts.length > 0 ? describeConflictReasons(conflicts) : (result.summary.split('\n')[0] ?? result.summary);
  if (isFeedback(finished)) run.apply(run.policy.onMerge('conflict', run.remainingWidth()));
  if (ctx.settings.fallback && !finished.isFallback) {
    run.queueFallback({ story, summary: `${result.summary}\n(Your previous attempt is kept on branch ${keptRef}.)` });
    await run.stories.apply(story.id, { type: 'requeue', reason: `merge conflict (${why}); re-running sequentially (kept ${keptRef})`, files, conflicts });
    return;
  }
  const reason = result.kind === 'conflict' ? why : result.summary;
  const recorded = run.stories.apply(story.id, { type: 'conflict', at: Date.now(), reason, headline: why, conflictRef: keptRef, files, conflicts });
  run.lostOne();
  await recorded;
}

/** Only a story's first merge in this run says something about how wide the run can go. */
function isFeedback(finished: FinishedStory): boolean {
  return !finished.isFallback && !finished.resumed;
}

/** A new lane outcome without a case in mergeAndSettle stops compilation here. */
function unreachable(outcome: never): never {
  throw new Error(`unknown merge outcome ${JSON.stringify(outcome)}`);
}
