import { join } from 'node:path';
import { Journal } from '../journal/journal.js';
import { committedStoryTip } from '../journal/committed-story.js';
import { retireRemovedStories } from '../journal/removed-stories.js';
import { settleMergedStories } from './settle-merged.js';
import { errorMessage } from '../util/errors.js';
import type { JournalData } from '../journal/types.js';
import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { prdSlug, storyBranchName } from '../workspace/branch-names.js';
import { revParse, supportsMergeTreeWriteTree, supportsWorktrees } from '../workspace/git.js';
import { addDetachedWorktree, discardWorktreeDir, pruneStaleWorktrees, worktreeBaseFor } from '../workspace/worktrees.js';
import { entityFileMerger } from '../merge/entity-file-merger.js';
import { assertNoForeignStoryBranches } from './foreign-story-branches.js';
import { runParallel } from './parallel-runner.js';
import { planForRun } from './plan-for-run.js';
import { runSequential, type RunOutcome } from './sequential-runner.js';
import { createConcurrencyPolicy, readResources } from './concurrency/index.js';

/**
 * `run --parallel`: checks git can do worktrees (else the classic loop with a
 * warning), plans the graph, opens or resumes the journal, then runs.
 */
export async function runParallelWithFallback(ctx: RunContext): Promise<RunOutcome> {
  if (!(await supportsWorktrees()) || !(await supportsMergeTreeWriteTree())) {
    ctx.bus.emit({ type: 'warning', message: 'git 2.38 or newer is needed for parallel mode (worktrees + merge-tree); running the stories sequentially' });
    return runSequential(ctx);
  }
  await assertNoForeignStoryBranches(ctx);
  // First, so the probe worktree fills in (for the first story) while the graph is planned.
  const probe = await probeWorktrees(ctx);
  if (!probe.ok) {
    ctx.bus.emit({ type: 'warning', message: `cannot create git worktrees (${probe.reason}); running the stories sequentially instead` });
    return runSequential(ctx);
  }
  try {
    return await planAndRun(ctx, probe);
  } catch (error) {
    // Nothing ran: the probe must not outlive a run that never started.
    if (!probe.adopted) await discardProbe(ctx, probe);
    throw error;
  }
}

async function planAndRun(ctx: RunContext, probe: Probe): Promise<RunOutcome> {
  const plan = await planForRun(ctx, ctx.userSimilarityThreshold);
  // Plan notes are explanations (see `ralph-wt plan`); only a degraded inference is worth a warning here.
  for (const note of plan.notes.filter((n) => n.includes('unavailable'))) ctx.bus.emit({ type: 'warning', message: `plan: ${note}` });
  const stories = ctx.prd.prd.userStories;
  const journalPath = Journal.pathIn(ctx.ralphDir);
  const previous = await Journal.load(journalPath);
  const resumable = previous && previous.snapshot().integrationBranch === ctx.prd.prd.branchName ? previous.snapshot() : null;
  const resumeMerges = resumable ? await finishedUnmerged(ctx, resumable, stories) : [];
  const retired = resumable
    ? await retireRemovedStories({ repoRoot: ctx.repoRoot, previous: resumable, currentIds: stories.map((s) => s.id), slug: prdSlug(ctx.prd.prd.project, ctx.prd.prd.branchName), integrationBranch: ctx.prd.prd.branchName, mutex: ctx.gitMutex })
    : [];
  for (const message of retired) ctx.bus.emit({ type: 'warning', message });
  const journal = await Journal.create(journalPath, {
    runId: ctx.runId,
    prdPath: ctx.prd.path,
    integrationBranch: ctx.prd.prd.branchName,
    worktreeBase: worktreeBaseOf(ctx),
    storyIds: stories.map((s) => s.id),
    ...(resumable ? { carryOver: resumable.stories } : {}),
  });
  if (resumable) {
    await settleMergedStories(journal, stories.filter((s) => s.passes).map((s) => s.id));
    const pruned = await pruneStaleWorktrees(ctx.repoRoot, worktreeBaseOf(ctx), { mutex: ctx.gitMutex }).catch(() => null);
    const resumedNote = resumeMerges.length > 0 ? `; merging ${resumeMerges.map((r) => r.story.id).join(', ')} first` : '';
    const prunedNote = pruned && pruned.removedDirs.length > 0 ? `; removed ${pruned.removedDirs.length} stale worktree dir(s)` : '';
    ctx.bus.emit({ type: 'warning', message: `resuming run ${resumable.runId}${resumedNote}${prunedNote}` });
  }
  probe.adopted = true;
  return runParallel(ctx, {
    prewarmed: { path: probe.path, ready: probe.filled },
    graph: plan.graph,
    journal,
    fileMerger: ctx.settings.conflictStrategy === 'entity' ? entityFileMerger(ctx.settings.sameEntity) : null,
    policy: createConcurrencyPolicy(ctx.settings, readResources()),
    resumeMerges,
  });
}

/**
 * Stories a previous run finished (agent done, gates passed, committed) but
 * did not merge before it stopped: their branch tip is the recorded commit.
 */
async function finishedUnmerged(ctx: RunContext, previous: JournalData, stories: readonly UserStory[]): Promise<{ story: UserStory; tip: string }[]> {
  const slug = prdSlug(ctx.prd.prd.project, ctx.prd.prd.branchName);
  const out: { story: UserStory; tip: string }[] = [];
  for (const story of stories) {
    const rec = previous.stories[story.id];
    if (story.passes || !rec || (rec.state !== 'merging' && rec.state !== 'running')) continue;
    const branch = storyBranchName(slug, story.id);
    const tip = rec.state === 'merging' && rec.commit ? await revParse(ctx.repoRoot, `refs/heads/${branch}`) : null;
    if (tip !== null && tip === rec.commit) out.push({ story, tip });
    // Killed after committing, before recording it: the branch holds the finished commit.
    else if (rec.state === 'running' || !rec.commit) {
      const committed = await committedStoryTip(ctx.repoRoot, branch, ctx.prd.prd.branchName, story.id);
      if (committed !== null) out.push({ story, tip: committed });
    }
  }
  return out;
}

interface Probe {
  ok: true;
  path: string;
  /** Resolves once its files are checked out (never rejects: a failed fill is redone by the first checkout there). */
  filled: Promise<void>;
  /** Handed to the parallel run, which owns it from then on. */
  adopted: boolean;
}

/**
 * Creates one worktree where story worktrees will live, so a read-only disk,
 * a full disk or a bad worktree dir degrades the run to the sequential loop
 * before any story starts. When it works, its files are filled in the
 * background and the parallel run adopts it as its first story's worktree.
 */
async function probeWorktrees(ctx: RunContext): Promise<Probe | { ok: false; reason: string }> {
  const path = join(worktreeBaseOf(ctx), `.probe-${process.pid}`);
  try {
    const { filled } = await addDetachedWorktree(ctx.repoRoot, path, ctx.gitMutex);
    return { ok: true, path, filled, adopted: false };
  } catch (error) {
    await discardWorktreeDir(ctx.repoRoot, path, ctx.gitMutex);
    return { ok: false, reason: errorMessage(error).split('\n')[0] ?? 'unknown error' };
  }
}

async function discardProbe(ctx: RunContext, probe: Probe): Promise<void> {
  await probe.filled;
  await discardWorktreeDir(ctx.repoRoot, probe.path, ctx.gitMutex);
}

function worktreeBaseOf(ctx: RunContext): string {
  return worktreeBaseFor({ repoRoot: ctx.repoRoot, ralphDir: ctx.ralphDir, worktreeDir: ctx.settings.worktreeDir });
}
