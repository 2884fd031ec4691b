import type { UserStory } from '../../prd/types.js';
import { commitFinishedWork, runIteration, type IterationOutcome, type StoryWorkspace } from '../../run/iteration.js';
import { errorMessage } from '../../util/errors.js';
import { failpoint } from '../../util/failpoint.js';
import { storyBranchName } from '../../workspace/branch-names.js';
import { copyUntracked } from '../../workspace/copy-untracked.js';
import { mergeBase, revParse } from '../../workspace/git.js';
import { runSetup } from '../../workspace/setup.js';
import { createWorktree, worktreePathFor } from '../../workspace/worktrees.js';
import { logFileFor, untrackedOrchestratorFiles } from '../sequential-runner.js';
import type { FallbackJob, ParallelRun } from './parallel-run.js';
import { mergeAndSettle } from './settle-merge.js';

/**
 * One story in its own worktree: worktree (fresh, or a finished story's one
 * reused), untracked files and setup, up to --max-iterations agent runs and
 * the commit; then the worktree goes back to the recycler and the branch
 * through the merge lane. `permit` = it holds a semaphore slot, given back
 * with the worktree (merging needs neither). `fallback` = a re-run alone on
 * the new head, with the reason in its prompt.
 */
export async function runStoryJob(run: ParallelRun, story: UserStory, permit: boolean, fallback: FallbackJob | null): Promise<void> {
  const { ctx } = run;
  const { bus, settings } = ctx;
  const startedAt = Date.now();
  const branch = storyBranchName(run.slug, story.id);
  const path = worktreePathFor(run.worktreeBase, story.id);
  const logFile = logFileFor(ctx, story);
  let holding = permit;
  const release = (): void => {
    if (holding) {
      run.semaphore.release();
      // The freed slot can start the next ready story now, not when this one has merged.
      run.wakeUp();
    }
    holding = false;
  };
  // Read before `start` clears it: an earlier run's agent finished, and the run stopped before the commit.
  const finished = earlierFinishedWork(run, story.id);
  try {
    await run.stories.apply(story.id, { type: 'start', at: startedAt, title: story.title, branch, worktree: path, logFile });
    bus.emit({ type: 'story:phase', storyId: story.id, phase: 'worktree' });
    const head = await run.integrationHead();
    if (!head) throw new Error(`integration branch ${ctx.prd.prd.branchName} vanished`);
    const recycled = await run.recycler.reuse(path, branch, head);
    if (recycled) bus.emit({ type: 'story:phase', storyId: story.id, phase: 'worktree', detail: 'reusing a worktree' });
    const created = recycled ?? (await createWorktree({ repoRoot: ctx.repoRoot, path, branch, base: head, mutex: ctx.gitMutex }));
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
    const workspace: StoryWorkspace = {
      cwd: path,
      branch,
      baseRev,
      logFile,
      excludeFromCommit,
      knownAtBase: (file) => run.ledger.contentAt(baseRev, file),
      onFinished: (summary) => run.stories.apply(story.id, { type: 'finish', summary }),
    };
    let gateFailure: string | undefined;
    // Finished work still in the worktree is committed as it is; the agent runs only when there is none (or it fails the scope check).
    let outcome: IterationOutcome | null = finished ? await commitFinishedWork(ctx, story, workspace, finished.summary) : null;
    for (let iteration = 1; iteration <= settings.maxIterations && (outcome === null || outcome.kind === 'retry'); iteration += 1) {
      outcome = await runIteration(
        ctx,
        story,
        workspace,
        { iteration, maxIterations: settings.maxIterations, ...(gateFailure ? { gateFailure } : {}), ...(fallback ? { conflictSummary: fallback.summary } : {}) },
      );
      if (outcome.kind !== 'retry') break;
      gateFailure = outcome.gateFailure;
      bus.emit({ type: 'story:activity', storyId: story.id, text: `iteration ${iteration} did not finish: ${outcome.reason}` });
    }
    failpoint('after-agent');
    if (!outcome || outcome.kind !== 'done') {
      release();
      if (ctx.signal.aborted) return;
      const reason = !outcome ? 'no iterations allowed (--max-iterations 0)' : outcome.kind === 'retry' ? `not finished after ${settings.maxIterations} iteration(s): ${outcome.reason}` : outcome.reason;
      await failStory(run, story.id, reason, startedAt);
      return;
    }
    if (outcome.scopeDrift.length > 0) await run.stories.apply(story.id, { type: 'drift', files: outcome.scopeDrift });
    const tip = outcome.commit ?? (await revParse(path, 'HEAD')) ?? head;
    // The merge needs only the branch: the worktree can serve the next story meanwhile.
    // With nothing excluded, the commit took every untracked file: the worktree is clean.
    run.recycler.release(path, { clean: excludeFromCommit.length === 0 });
    // Given back with the worktree, so the next story reuses it instead of filling a new one.
    release();
    await mergeAndSettle(run, {
      story,
      tip,
      startedAt,
      entry: outcome.progressEntry,
      base: baseRev,
      files: outcome.filesChanged,
      written: outcome.orchestrator,
      isFallback: fallback !== null,
      resumed: false,
      worktree: null,
    });
  } catch (error) {
    release();
    if (ctx.signal.aborted) return;
    await failStory(run, story.id, errorMessage(error), startedAt);
  }
}

/**
 * The story failed (agent, gates, setup, or an error on the way to its
 * merge). Its status changes at once, so the width the policy sees already
 * leaves it out; a failure to journal it must not end the job with a
 * rejection no one awaits. An error after the story settled (merged,
 * conflicted) is not a failure of the story: said as a warning.
 */
export async function failStory(run: ParallelRun, storyId: string, reason: string, startedAt: number): Promise<void> {
  if (!run.stories.can(storyId, 'fail')) {
    run.ctx.bus.emit({ type: 'warning', message: `${storyId}: ${reason}` });
    return;
  }
  const recorded = run.stories.apply(storyId, { type: 'fail', at: Date.now(), reason, durationMs: Date.now() - startedAt });
  run.lostOne();
  await recorded.catch(() => undefined);
}

/** What an earlier run's agent finished but did not commit (that run was stopped in between), or null. */
function earlierFinishedWork(run: ParallelRun, storyId: string): { summary: string } | null {
  const record = run.stories.record(storyId);
  return (record.state === 'running' || record.state === 'interrupted') && record.finished ? record.finished : null;
}
