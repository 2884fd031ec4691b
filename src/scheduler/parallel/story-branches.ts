import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPrd } from '../../prd/load.js';
import { markStoryPassed } from '../../prd/mark-passed.js';
import type { UserStory } from '../../prd/types.js';
import { writePrd } from '../../prd/write.js';
import type { RunContext } from '../../run/context.js';
import { withProgressEntry } from '../../prd/progress.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { storyBranchName, storyBranchPrefix } from '../../workspace/branch-names.js';
import { deleteRef, deleteRefsAt, forceBranch, refTipsUnder } from '../../workspace/refs.js';

/**
 * After a kept conflict or a failure that re-runs, the story's worktree and
 * branch are no longer needed (its commits live on a conflicts branch). The
 * files are deleted outside the git mutex; the registration is pruned once at
 * the end of the run (or by createWorktree should the path be reused).
 */
export async function disposeStoryBranch(ctx: RunContext, path: string, branch: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  await deleteBranch(ctx, branch, 'ralph-wt: story branch no longer needed');
}

/**
 * Deletes the branches of merged stories (their work is in the integration
 * branch's merge commits) in one ref transaction at the end of a run, instead
 * of one git process per story while the run is busy. Also removes branches
 * an interrupted earlier run merged but did not get to delete.
 */
export async function deleteMergedBranches(ctx: RunContext, slug: string, merged: ReadonlySet<string>): Promise<void> {
  const wanted = new Set([...merged].map((id) => `refs/heads/${storyBranchName(slug, id)}`));
  const doomed = (await refTipsUnder(ctx.repoRoot, `refs/heads/${storyBranchPrefix(slug)}`)).filter(({ ref }) => wanted.has(ref));
  if (doomed.length === 0) return;
  // Each delete names the tip it saw, so a branch that moved meanwhile is left alone (and the rest still go).
  await ctx.gitMutex.run(() => deleteRefsAt(ctx.repoRoot, doomed, 'ralph-wt: story merged'));
}

export async function deleteBranch(ctx: RunContext, branch: string, why: string): Promise<void> {
  await ctx.gitMutex.run(() => deleteRef(ctx.repoRoot, `refs/heads/${branch}`, undefined, why));
}

/** Keeps a story's work under `name` (a conflicts branch) before its own branch goes. */
export async function keepBranch(ctx: RunContext, name: string, tip: string): Promise<void> {
  await ctx.gitMutex.run(() => forceBranch(ctx.repoRoot, name, tip));
}

/**
 * prd.json / progress.txt that git does not track never travel with a merge:
 * the orchestrator updates the user's copies directly once the story is merged.
 */
export async function recordUntrackedFiles(ctx: RunContext, story: UserStory, entry: string | null): Promise<void> {
  if (!ctx.prdTracked) {
    const current = await loadPrd(ctx.prd.path);
    await writePrd(ctx.prd.path, markStoryPassed(current.raw, story.id));
  }
  if (!ctx.progressTracked && entry !== null) {
    const path = join(ctx.repoRoot, ctx.progressRel);
    const existing = await readFile(path, 'utf8').catch(() => null);
    await writeFileAtomic(path, withProgressEntry(existing, entry, new Date()));
  }
}
