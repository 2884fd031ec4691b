import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPrd } from '../prd/load.js';
import { markStoryPassed } from '../prd/mark-passed.js';
import { writePrd } from '../prd/write.js';
import { progressWithEntry } from '../run/orchestrator-files.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { DependencyGraph } from '../graph/dependency-graph.js';
import type { Journal } from '../journal/journal.js';
import type { FileMerger } from '../merge/file-merger.js';
import { MergeQueue } from '../merge/merge-queue.js';
import { mergeStory, type MergeResult } from '../merge/merge-story.js';
import { MergeWorktree } from '../merge/merge-worktree.js';
import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { runIteration, type IterationOutcome } from '../run/iteration.js';
import { buildSummary } from '../run/summary.js';
import { errorMessage } from '../util/errors.js';
import { conflictRefName, prdSlug as makePrdSlug, storyBranchName } from '../workspace/branch-names.js';
import { copyUntracked } from '../workspace/copy-untracked.js';
import { git, mergeBase, refExists, revParse } from '../workspace/git.js';
import { WorktreeRecycler } from '../workspace/worktree-recycler.js';
import { readRef } from '../workspace/integration.js';
import { runSetup } from '../workspace/setup.js';
import { createWorktree, defaultWorktreeBase, worktreePathFor } from '../workspace/worktrees.js';
import { releaseIntegrationBranch, restoreIntegrationCheckout } from './main-checkout.js';
import { remainingWidth, type ConcurrencyPolicy, type Decision } from './concurrency/index.js';
import { reconcileBatch, type MergedStory } from './reconcile-batch.js';
import { Semaphore } from './semaphore.js';
import { logFileFor, untrackedOrchestratorFiles, type RunOutcome } from './sequential-runner.js';
import { failpoint } from '../util/failpoint.js';

export interface ParallelOptions {
  graph: DependencyGraph;
  journal: Journal;
  /** Structured merger for textual conflicts (the entity merge), or null. */
  fileMerger: FileMerger | null;
  /** Fixed limit or the adaptive controller (`--max-concurrency auto`). */
  policy: ConcurrencyPolicy;
  /** Stories whose finished, unmerged work a previous run left behind: merged before anything starts. */
  resumeMerges?: { story: UserStory; tip: string }[];
}

interface FallbackJob {
  story: UserStory;
  summary: string;
  /** Set when the story failed (not conflicted) on this base: re-running on the same head would fail again. */
  failedOnBase?: string;
  failure?: string;
}

/**
 * The parallel runner: every ready story gets its own worktree and branch;
 * a semaphore bounds how many agents run; finished branches go through one
 * merge lane into the integration branch; complex conflicts are re-run alone
 * on the new head once the in-flight stories are done (the sequential
 * fallback). A story starts only when its dependencies are merged.
 */
export async function runParallel(ctx: RunContext, options: ParallelOptions): Promise<RunOutcome> {
  const started = Date.now();
  const { bus, settings } = ctx;
  const { graph, journal } = options;
  const stories = ctx.prd.prd.userStories;
  const slug = makePrdSlug(ctx.prd.prd.project, ctx.prd.prd.branchName);
  const worktreeBase = settings.worktreeDir ? join(ctx.repoRoot, settings.worktreeDir) : defaultWorktreeBase(ctx.ralphDir);
  const integrationRef = `refs/heads/${ctx.prd.prd.branchName}`;
  const { policy } = options;
  const mergeQueue = new MergeQueue();
  const mergeWorktree = new MergeWorktree(ctx);
  const recycler = new WorktreeRecycler(ctx.repoRoot, ctx.gitMutex);
  await recycler.adopt(worktreeBase).catch(() => undefined);

  const done = new Set(stories.filter((s) => s.passes).map((s) => s.id));
  const taken = new Set<string>();
  const failed = new Set<string>();
  const fallbackQueue: FallbackJob[] = [];
  const conflictCount = new Map<string, number>();
  // Stories merged since the last reconciliation: a "batch".
  let unreconciled: MergedStory[] = [];
  let flaggedByReconcile = 0;
  const reconcilePending = async (): Promise<void> => {
    if (!settings.reconcile || unreconciled.length === 0 || ctx.signal.aborted) return;
    const batch = unreconciled;
    unreconciled = [];
    try {
      flaggedByReconcile += await reconcileBatch(ctx, mergeWorktree, slug, batch);
    } catch (error) {
      bus.emit({ type: 'warning', message: `reconciliation failed: ${errorMessage(error)}` });
    }
  };
  const active = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  const wakeUp = (): void => {
    wake?.();
    wake = null;
  };
  const nextWake = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });

  const progress = (): { done: Set<string>; failed: Set<string> } => ({ done, failed });
  const initial = policy.initial(remainingWidth(graph, progress()));
  const semaphore = new Semaphore(initial.limit);
  const apply = (decision: Decision | null): void => {
    if (!decision) return;
    semaphore.setLimit(decision.to);
    bus.emit({ type: 'concurrency', ...decision, elapsedMs: Date.now() - started });
    wakeUp();
  };
  const { otherCheckouts } = await releaseIntegrationBranch(ctx);
  const mergeDeps = { prdSlug: slug, fileMerger: options.fileMerger, mergeWorktree, syncCheckouts: otherCheckouts };
  bus.emit({ type: 'run:start', runId: ctx.runId, mode: 'parallel', stories: stories.length, concurrency: settings.maxConcurrency });
  if (settings.maxConcurrency === 'auto') bus.emit({ type: 'concurrency', from: 0, to: initial.limit, reason: initial.reason, elapsedMs: 0 });
  for (const story of stories) if (!story.passes) bus.emit({ type: 'story:queued', storyId: story.id, title: story.title });

  const record = (id: string, patch: Parameters<Journal['update']>[1]): Promise<void> => journal.update(id, patch);

  /** Runs the merge lane for one story and handles the outcome; true when merged. */
  const mergeAndSettle = async (
    story: UserStory,
    tip: string,
    startedAt: number,
    entry: string | null,
    isFallback: boolean,
    base: string | null = null,
    resumed = false,
    storyFiles: string[] | null = null,
  ): Promise<void> => {
    if (ctx.signal.aborted) return;
    await record(story.id, { state: 'merging', commit: tip });
    bus.emit({ type: 'story:phase', storyId: story.id, phase: 'merging' });
    const branch = storyBranchName(slug, story.id);
    const result: MergeResult = await mergeQueue.enqueue(async () => {
      if (ctx.signal.aborted) return { kind: 'gates-failed', summary: 'interrupted' } as const;
      bus.emit({ type: 'merge:start', storyId: story.id, branch });
      return mergeStory(ctx, mergeDeps, { story, storyTip: tip, storyBase: base, storyFiles, progressEntry: entry });
    });
    if (ctx.signal.aborted) return;
    if (result.kind === 'merged') {
      done.add(story.id);
      if (!isFallback && !resumed) apply(policy.onMerge('clean', remainingWidth(graph, progress())));
      unreconciled.push({ storyId: story.id, title: story.title, mergeCommit: result.commit });
      // One batch ≈ one wave of parallel work; the lane runs it so it sees a settled head.
      if (unreconciled.length >= Math.max(2, semaphore.limit)) void mergeQueue.enqueue(reconcilePending);
      await recordUntrackedFiles(ctx, story, entry);
      bus.emit({ type: 'merge:done', storyId: story.id, commit: result.commit, method: result.method });
      await record(story.id, { state: 'done', mergedCommit: result.commit, finishedAt: Date.now(), reason: null });
      bus.emit({ type: 'story:done', storyId: story.id, durationMs: Date.now() - startedAt, commit: result.commit });
      await recycler.release(worktreePathFor(worktreeBase, story.id)).catch(() => rm(worktreePathFor(worktreeBase, story.id), { recursive: true, force: true }));
      await ctx.gitMutex.run(() => git(['update-ref', '-m', 'ralph-wt: story merged', '-d', `refs/heads/${branch}`], { cwd: ctx.repoRoot, reject: false }));
      await record(story.id, { worktree: null });
      return;
    }
    const n = (conflictCount.get(story.id) ?? 0) + 1;
    conflictCount.set(story.id, n);
    const keptRef = conflictRefName(slug, story.id, n);
    await ctx.gitMutex.run(() => git(['branch', '--force', keptRef, tip], { cwd: ctx.repoRoot }));
    await disposeStoryBranch(ctx, worktreePathFor(worktreeBase, story.id), branch);
    const files = result.kind === 'conflict' ? result.files : [];
    if (!isFallback && !resumed) apply(policy.onMerge('conflict', remainingWidth(graph, progress())));
    if (settings.fallback && !isFallback) {
      fallbackQueue.push({ story, summary: `${result.summary}\n(Your previous attempt is kept on branch ${keptRef}.)` });
      bus.emit({ type: 'merge:conflict', storyId: story.id, files, resolution: 'fallback' });
      await record(story.id, { state: 'queued', worktree: null, reason: `conflict; re-running sequentially (kept ${keptRef})` });
    } else {
      failed.add(story.id);
      bus.emit({ type: 'merge:conflict', storyId: story.id, files, resolution: 'conflicted' });
      bus.emit({ type: 'story:conflicted', storyId: story.id, reason: firstLine(result.summary), conflictRef: keptRef });
      await record(story.id, { state: 'conflicted', worktree: null, reason: result.summary, finishedAt: Date.now() });
    }
  };

  const runStory = async (story: UserStory, permit: boolean, fallback: FallbackJob | null): Promise<void> => {
    const startedAt = Date.now();
    const branch = storyBranchName(slug, story.id);
    const path = worktreePathFor(worktreeBase, story.id);
    const logFile = logFileFor(ctx, story);
    let holding = permit;
    const release = (): void => {
      if (holding) semaphore.release();
      holding = false;
    };
    try {
      const attemptNo = (journal.story(story.id)?.attempts ?? 0) + 1;
      await record(story.id, { state: 'running', branch, worktree: path, logFile, startedAt, attempts: attemptNo });
      bus.emit({ type: 'story:started', storyId: story.id, title: story.title, attempt: attemptNo, branch, worktree: path });
      bus.emit({ type: 'story:phase', storyId: story.id, phase: 'worktree' });
      const head = await readRef(ctx.repoRoot, integrationRef);
      if (!head) throw new Error(`integration branch ${ctx.prd.prd.branchName} vanished`);
      const recycled = !(await refExists(ctx.repoRoot, `refs/heads/${branch}`)) && (await recycler.reuse(path, branch, head));
      if (recycled) bus.emit({ type: 'story:phase', storyId: story.id, phase: 'worktree', detail: 'reusing the worktree of a merged story' });
      const created = recycled
        ? { reusedBranch: false }
        : await createWorktree({ repoRoot: ctx.repoRoot, path, branch, base: head, mutex: ctx.gitMutex });
      failpoint('after-worktree-add');
      // A resumed branch may predate the current head; a fresh one starts exactly there.
      const baseRev = created.reusedBranch ? ((await mergeBase(ctx.repoRoot, head, branch)) ?? head) : head;
      const copied = await copyUntracked({ from: ctx.repoRoot, to: path, globs: settings.worktreeCopy });
      if (settings.worktreeSetup) {
        bus.emit({ type: 'story:phase', storyId: story.id, phase: 'setup', detail: settings.worktreeSetup });
        const setup = await runSetup({ command: settings.worktreeSetup, cwd: path, logFile, timeoutMs: settings.agentTimeout * 1000, signal: ctx.signal });
        if (!setup.ok) throw new Error(`worktree setup \`${settings.worktreeSetup}\` failed (exit ${String(setup.exitCode)}); see ${logFile}`);
      }
      const excludeFromCommit = [...copied, ...untrackedOrchestratorFiles(ctx)];
      let gateFailure: string | undefined;
      let outcome: IterationOutcome | null = null;
      for (let iteration = 1; iteration <= settings.maxIterations; iteration += 1) {
        outcome = await runIteration(
          ctx,
          story,
          { cwd: path, baseRev, logFile, excludeFromCommit },
          { iteration, maxIterations: settings.maxIterations, ...(gateFailure ? { gateFailure } : {}), ...(fallback ? { conflictSummary: fallback.summary } : {}) },
        );
        if (outcome.kind !== 'retry') break;
        gateFailure = outcome.gateFailure;
        bus.emit({ type: 'story:activity', storyId: story.id, text: `iteration ${iteration} did not finish: ${outcome.reason}` });
      }
      release();
      failpoint('after-agent');
      if (!outcome || outcome.kind !== 'done') {
        const reason = !outcome ? 'no iterations allowed (--max-iterations 0)' : outcome.kind === 'retry' ? `not finished after ${settings.maxIterations} iteration(s): ${outcome.reason}` : outcome.reason;
        if (ctx.signal.aborted) return;
        // Work merged since this story branched may be exactly what it was missing
        // (an undeclared dependency): one more try, alone, on the new head.
        const movedOn = (await readRef(ctx.repoRoot, integrationRef)) !== head;
        const othersInFlight = active.size > 1 || mergeQueue.pending > 0;
        if (outcome?.kind === 'retry' && (movedOn || othersInFlight) && !fallback && settings.fallback) {
          const tip = await revParse(path, 'HEAD');
          const kept = tip && tip !== baseRev ? conflictRefName(slug, story.id, (conflictCount.get(story.id) ?? 0) + 1) : null;
          if (kept && tip) {
            conflictCount.set(story.id, (conflictCount.get(story.id) ?? 0) + 1);
            await ctx.gitMutex.run(() => git(['branch', '--force', kept, tip], { cwd: ctx.repoRoot }));
          }
          await disposeStoryBranch(ctx, path, branch);
          fallbackQueue.push({
            story,
            failedOnBase: head,
            failure: reason,
            summary: `Earlier attempts on an older base failed (${reason}). Stories merged since are now on the integration branch; build on them.${kept ? ` (The earlier attempt is kept on branch ${kept}.)` : ''}`,
          });
          bus.emit({ type: 'story:activity', storyId: story.id, text: `not finished on its base; it re-runs alone on the new head once the stories in flight have merged` });
          await record(story.id, { state: 'queued', worktree: null, reason: `retrying on the new head: ${reason}` });
          return;
        }
        failed.add(story.id);
        apply(policy.onWidthChange(remainingWidth(graph, progress())));
        await record(story.id, { state: 'failed', reason, finishedAt: Date.now() });
        bus.emit({ type: 'story:failed', storyId: story.id, reason, durationMs: Date.now() - startedAt });
        return;
      }
      if (outcome.scopeDrift.length > 0) await record(story.id, { scopeDrift: outcome.scopeDrift });
      const tip = outcome.commit ?? (await revParse(path, 'HEAD')) ?? head;
      await mergeAndSettle(story, tip, startedAt, outcome.progressEntry, fallback !== null, baseRev, false, outcome.filesChanged);
    } catch (error) {
      release();
      if (ctx.signal.aborted) return;
      failed.add(story.id);
      apply(policy.onWidthChange(remainingWidth(graph, progress())));
      const reason = errorMessage(error);
      await record(story.id, { state: 'failed', reason, finishedAt: Date.now() }).catch(() => undefined);
      bus.emit({ type: 'story:failed', storyId: story.id, reason, durationMs: Date.now() - startedAt });
    }
  };

  const launch = (job: Promise<void>): void => {
    const tracked = job.finally(() => {
      active.delete(tracked);
      wakeUp();
    });
    active.add(tracked);
  };

  for (const { story, tip } of options.resumeMerges ?? []) {
    taken.add(story.id);
    launch(mergeAndSettle(story, tip, Date.now(), null, false, null, true).catch((error: unknown) => {
      failed.add(story.id);
      bus.emit({ type: 'story:failed', storyId: story.id, reason: errorMessage(error), durationMs: 0 });
    }));
  }

  while (!ctx.signal.aborted) {
    if (fallbackQueue.length > 0) {
      // The sequential fallback: wait for everything in flight, then one story alone on the new head.
      if (active.size > 0) {
        await nextWake();
        continue;
      }
      const job = fallbackQueue.shift() as FallbackJob;
      if (job.failedOnBase && (await readRef(ctx.repoRoot, integrationRef)) === job.failedOnBase) {
        // Nothing merged since it failed: the same base again would fail the same way.
        const reason = job.failure ?? 'failed';
        failed.add(job.story.id);
        apply(policy.onWidthChange(remainingWidth(graph, progress())));
        await record(job.story.id, { state: 'failed', reason, finishedAt: Date.now() });
        bus.emit({ type: 'story:failed', storyId: job.story.id, reason, durationMs: 0 });
        continue;
      }
      bus.emit({ type: 'story:phase', storyId: job.story.id, phase: 'queued', detail: 'sequential fallback after a merge conflict' });
      await runStory(job.story, false, job);
      continue;
    }
    const excluded = new Set([...taken, ...failed]);
    for (const story of graph.readyStories(done, excluded)) {
      if (!semaphore.tryAcquire()) break;
      taken.add(story.id);
      launch(runStory(story, true, null));
    }
    if (active.size === 0) break;
    await nextWake();
  }
  await Promise.allSettled([...active]);
  await mergeQueue.idle();
  await mergeQueue.enqueue(reconcilePending);
  await mergeWorktree.remove().catch(() => undefined);
  await recycler.drain();
  await ctx.gitMutex.run(() => git(['worktree', 'prune'], { cwd: ctx.repoRoot, reject: false }));
  await restoreIntegrationCheckout(ctx);

  const notDone = stories.filter((s) => !done.has(s.id));
  for (const story of notDone) {
    if (failed.has(story.id) || taken.has(story.id) || ctx.signal.aborted) continue;
    const blocker = graph.dependenciesOf(story.id).find((dep) => !done.has(dep));
    const reason = blocker ? `depends on ${blocker}, which did not pass` : 'not started';
    bus.emit({ type: 'story:skipped', storyId: story.id, reason });
    await record(story.id, { state: 'skipped', reason });
  }

  const alreadyPassed = stories.filter((s) => s.passes).length;
  const summary = buildSummary(bus.history(), { mode: 'parallel', wallMs: Date.now() - started, totalStories: stories.length, alreadyPassed });
  bus.emit({ type: 'summary', summary });
  if (ctx.signal.aborted) return { exitCode: 130, summary };
  return { exitCode: done.size === stories.length && flaggedByReconcile === 0 ? 0 : 1, summary };
}

/**
 * prd.json / progress.txt that git does not track never travel with a merge:
 * the orchestrator updates the user's copies directly once the story is merged.
 */
async function recordUntrackedFiles(ctx: RunContext, story: UserStory, entry: string | null): Promise<void> {
  if (!ctx.prdTracked) {
    const current = await loadPrd(ctx.prd.path);
    await writePrd(ctx.prd.path, markStoryPassed(current.raw, story.id));
  }
  if (!ctx.progressTracked && entry !== null) {
    const path = join(ctx.repoRoot, ctx.progressRel);
    const existing = await readFile(path, 'utf8').catch(() => null);
    await writeFileAtomic(path, progressWithEntry(existing, entry));
  }
}

/**
 * After a merge (or a kept conflict) the story's worktree and branch are no
 * longer needed. The files are deleted outside the git mutex (slow on big
 * repos, and nobody else uses them); only the registration is pruned under it.
 */
async function disposeStoryBranch(ctx: RunContext, path: string, branch: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  // The registration of the deleted directory is pruned once at the end of the run
  // (and by the careful route of createWorktree should the same path be reused).
  await ctx.gitMutex.run(() =>
    git(['update-ref', '-m', 'ralph-wt: story branch no longer needed', '-d', `refs/heads/${branch}`], { cwd: ctx.repoRoot, reject: false }),
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
