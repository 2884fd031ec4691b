import type { DependencyGraph } from '../graph/dependency-graph.js';
import type { Journal } from '../journal/journal.js';
import type { FileMerger } from '../merge/file-merger.js';
import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { buildSummary } from '../run/summary.js';
import { errorMessage } from '../util/errors.js';
import { storyBranchName } from '../workspace/branch-names.js';
import { listWorktrees, worktreePathFor } from '../workspace/worktrees.js';
import type { ConcurrencyPolicy } from './concurrency/index.js';
import { releaseIntegrationBranch, restoreIntegrationCheckout } from './main-checkout.js';
import { ParallelRun, type FallbackJob } from './parallel/parallel-run.js';
import { prewarmFirstWave } from './parallel/prewarm.js';
import { markInterrupted } from './parallel/mark-interrupted.js';
import { mergeAndSettle } from './parallel/settle-merge.js';
import { deleteMergedBranches } from './parallel/story-branches.js';
import { failStory, runStoryJob } from './parallel/story-job.js';
import type { RunOutcome } from './sequential-runner.js';

export interface ParallelOptions {
  graph: DependencyGraph;
  journal: Journal;
  /** Structured merger for textual conflicts (the entity merge), or null. */
  fileMerger: FileMerger | null;
  /** Fixed limit or the adaptive controller (`--max-concurrency auto`). */
  policy: ConcurrencyPolicy;
  /** Stories whose finished, unmerged work a previous run left behind: merged before anything starts. */
  resumeMerges?: { story: UserStory; tip: string }[];
  /** A worktree made before the run (the probe), filled once `ready` resolves: the first story's. */
  prewarmed?: { path: string; ready: Promise<void> };
}

/**
 * The parallel runner: every ready story gets its own worktree and branch;
 * a semaphore bounds how many agents run; finished branches go through one
 * merge lane into the integration branch; complex conflicts are re-run alone
 * on the new head once the in-flight stories are done (the sequential
 * fallback). A story starts only when its dependencies are merged.
 */
export async function runParallel(ctx: RunContext, options: ParallelOptions): Promise<RunOutcome> {
  const { bus, settings } = ctx;
  const stories = ctx.prd.prd.userStories;
  const run = new ParallelRun(ctx, options);
  if (options.prewarmed) run.recycler.offer(options.prewarmed.path, options.prewarmed.ready);
  // Worktrees of stories that had committed (merging or merged) when an earlier run stopped are free again.
  const released = new Set(run.stories.inStatus('merging', 'done').map((id) => `refs/heads/${storyBranchName(run.slug, id)}`));
  const worktrees = await listWorktrees(ctx.repoRoot);
  await run.recycler.adopt(run.worktreeBase, (branch) => released.has(branch), worktrees).catch(() => undefined);
  await prewarmFirstWave(run);
  run.startFrom(await releaseIntegrationBranch(ctx, worktrees));

  bus.emit({ type: 'run:start', runId: ctx.runId, mode: 'parallel', stories: stories.length, concurrency: settings.maxConcurrency });
  if (settings.maxConcurrency === 'auto') bus.emit({ type: 'concurrency', from: 0, to: run.semaphore.limit, reason: run.initialReason, elapsedMs: 0 });
  for (const story of stories) if (!story.passes) bus.emit({ type: 'story:queued', storyId: story.id, title: story.title });

  for (const { story, tip } of options.resumeMerges ?? []) {
    const startedAt = Date.now();
    const resumed = { story, tip, startedAt, entry: null, base: null, files: null, written: null, isFallback: false, resumed: true, worktree: worktreePathFor(run.worktreeBase, story.id) };
    run.launch(mergeAndSettle(run, resumed).catch((error: unknown) => failStory(run, story.id, errorMessage(error), startedAt)));
  }

  while (!ctx.signal.aborted) {
    if (run.fallbacksWaiting > 0) {
      // The sequential fallback: wait for everything in flight, then one story alone on the new head.
      if (run.inFlight > 0) {
        await run.nextWake();
        continue;
      }
      const job = run.nextFallback();
      if (job) await runFallback(run, job);
      continue;
    }
    // A story the run has started (or lost) is not handed out again; runStoryJob marks it started at once.
    for (const story of run.graph.readyStories(run.stories.satisfiedIds(), run.stories.drivenIds())) {
      if (!run.semaphore.tryAcquire()) break;
      run.launch(runStoryJob(run, story, true, null));
    }
    if (run.inFlight === 0) break;
    await run.nextWake();
  }
  await finish(run);
  if (ctx.signal.aborted) await markInterrupted(run);
  await skipUnreachable(run);

  const alreadyPassed = stories.filter((s) => s.passes).length;
  const summary = buildSummary(bus.timeline(), { mode: 'parallel', wallMs: bus.now(), totalStories: stories.length, alreadyPassed });
  bus.emit({ type: 'summary', summary });
  if (ctx.signal.aborted) return { exitCode: 130, summary };
  return { exitCode: run.stories.satisfiedIds().size === stories.length && run.flagged === 0 ? 0 : 1, summary };
}

async function runFallback(run: ParallelRun, job: FallbackJob): Promise<void> {
  const { ctx } = run;
  ctx.bus.emit({ type: 'story:phase', storyId: job.story.id, phase: 'queued', detail: 'sequential fallback after a merge conflict' });
  await runStoryJob(run, job.story, false, job);
}

/** Lets in-flight work land, reconciles the last batch, removes worktrees, puts the user's checkout back. */
async function finish(run: ParallelRun): Promise<void> {
  const { ctx } = run;
  await run.allSettled();
  await run.mergeQueue.idle();
  await run.mergeQueue.enqueue(() => run.reconcilePending());
  // Independent of each other (refs, worktree dirs, the user's checkout): done together.
  await Promise.all([
    run.mergeWorktree.remove().catch(() => undefined),
    run.treeWriter.close().catch(() => undefined),
    // Also prunes what disposed story worktrees left registered.
    run.recycler.drain(),
    deleteMergedBranches(ctx, run.slug, run.stories.satisfiedIds()).catch((error: unknown) => {
      ctx.bus.emit({ type: 'warning', message: `could not delete the merged story branches: ${errorMessage(error)}` });
    }),
    restoreIntegrationCheckout(ctx),
  ]);
}

/** Stories never started because a dependency did not pass are skipped, with the reason. */
async function skipUnreachable(run: ParallelRun): Promise<void> {
  const { ctx } = run;
  if (ctx.signal.aborted) return;
  for (const story of ctx.prd.prd.userStories) {
    if (run.stories.satisfied(story.id) || run.stories.driven(story.id)) continue;
    const blocker = run.graph.dependenciesOf(story.id).find((dep) => !run.stories.satisfied(dep));
    const reason = blocker ? `depends on ${blocker}, which did not pass` : 'not started';
    await run.stories.apply(story.id, { type: 'skip', reason });
  }
}
