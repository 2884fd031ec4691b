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

/**
 * Sends a finished story through the merge lane and settles the outcome:
 * merged → done (its worktree is kept for the next story); a complex
 * conflict → its work kept on a conflicts branch and the story queued for a
 * sequential re-run (or marked conflicted with --no-fallback).
 */
export async function mergeAndSettle(run: ParallelRun, finished: FinishedStory): Promise<void> {
  const { ctx } = run;
  const { bus, settings } = ctx;
  const { story, tip } = finished;
  if (ctx.signal.aborted) return;
  await run.record(story.id, { state: 'merging', commit: tip, worktree: finished.worktree });
  bus.emit({ type: 'story:phase', storyId: story.id, phase: 'merging' });
  const branch = storyBranchName(run.slug, story.id);
  const result: MergeResult = await run.mergeQueue.enqueue(async () => {
    if (ctx.signal.aborted) return { kind: 'gates-failed', summary: 'interrupted' } as const;
    bus.emit({ type: 'merge:start', storyId: story.id, branch });
    return mergeStory(ctx, run.mergeDeps, { story, storyTip: tip, storyBase: finished.base, storyFiles: finished.files, progressEntry: finished.entry, written: finished.written });
  });
  if (ctx.signal.aborted) return;
  const feedback = !finished.isFallback && !finished.resumed;
  const path = finished.worktree;

  if (result.kind === 'merged') {
    run.done.add(story.id);
    if (feedback) run.apply(run.policy.onMerge('clean', run.remainingWidth()));
    run.addToBatch({ storyId: story.id, title: story.title, mergeCommit: result.commit });
    await recordUntrackedFiles(ctx, story, finished.entry);
    bus.emit({ type: 'merge:done', storyId: story.id, commit: result.commit, method: result.method });
    await run.record(story.id, { state: 'done', mergedCommit: result.commit, finishedAt: Date.now(), reason: null });
    bus.emit({ type: 'story:done', storyId: story.id, durationMs: Date.now() - finished.startedAt, commit: result.commit });
    // The branch goes with the others at the end of the run (deleteMergedBranches).
    if (path !== null) {
      // A resumed merge's worktree may be gone (moved on by the interrupted run).
      if (await pathExists(path)) run.recycler.release(path);
      await run.record(story.id, { worktree: null });
    }
    return;
  }

  const keptRef = conflictRefName(run.slug, story.id, run.nextConflictRef(story.id));
  await keepBranch(ctx, keptRef, tip);
  if (path !== null) await disposeStoryBranch(ctx, path, branch);
  else await deleteBranch(ctx, branch, 'ralph-wt: story branch no longer needed');
  const files = result.kind === 'conflict' ? result.files : [];
  const conflicts = result.kind === 'conflict' ? result.conflicts : [];
  // One line naming what conflicted, for the display and `status` (the summary is the re-run's prompt).
  const why = conflicts.length > 0 ? describeConflictReasons(conflicts) : (result.summary.split('\n')[0] ?? result.summary);
  if (feedback) run.apply(run.policy.onMerge('conflict', run.remainingWidth()));
  if (settings.fallback && !finished.isFallback) {
    run.fallbackQueue.push({ story, summary: `${result.summary}\n(Your previous attempt is kept on branch ${keptRef}.)` });
    bus.emit({ type: 'merge:conflict', storyId: story.id, files, conflicts, resolution: 'fallback' });
    await run.record(story.id, { state: 'queued', worktree: null, reason: `merge conflict (${why}); re-running sequentially (kept ${keptRef})`, conflicts });
    return;
  }
  run.markFailed(story.id);
  bus.emit({ type: 'merge:conflict', storyId: story.id, files, conflicts, resolution: 'conflicted' });
  bus.emit({ type: 'story:conflicted', storyId: story.id, reason: why, conflictRef: keptRef, conflicts });
  await run.record(story.id, { state: 'conflicted', worktree: null, reason: result.kind === 'conflict' ? why : result.summary, conflicts, finishedAt: Date.now() });
}
