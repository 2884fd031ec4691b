import { join } from 'node:path';
import type { UserStory } from '../prd/types.js';
import { abortableSleep } from '../run/abortable-sleep.js';
import type { RunContext } from '../run/context.js';
import { runIteration } from '../run/iteration.js';
import { buildSummary } from '../run/summary.js';
import type { Summary } from '../events/types.js';
import { storyDirName } from '../workspace/branch-names.js';
import { revParse } from '../workspace/git.js';
import { untrackedFiles } from '../workspace/untracked-files.js';
import { checkoutIntegrationBranch } from './main-checkout.js';
import { blockedBy, pickNextStory } from './pick-next.js';
import { StoryBook } from './story-book.js';

export interface RunOutcome {
  exitCode: 0 | 1 | 130;
  summary: Summary;
}

/** What the loop carries from one iteration of a story to the next (its status is the book's). */
interface StoryProgress {
  startedAt: number;
  baseRev: string;
  attempts: number;
  gateFailure?: string;
  lastReason: string;
}

/**
 * The classic Ralph loop in the main checkout: each iteration picks the most
 * important unfinished story whose dependencies pass and gives the agent one
 * go at it. `--max-iterations` bounds the total number of agent runs.
 */
export async function runSequential(ctx: RunContext, options: { conflictSummaries?: Map<string, string> } = {}): Promise<RunOutcome> {
  const { bus, settings } = ctx;
  const stories = ctx.prd.prd.userStories;
  const alreadyPassed = stories.filter((s) => s.passes).length;
  // No journal: the loop's states live in memory only, through the same machine as a parallel run's.
  const book = new StoryBook({ storyIds: stories.map((s) => s.id), bus, store: null, passedBefore: new Set(stories.filter((s) => s.passes).map((s) => s.id)) });
  const progress = new Map<string, StoryProgress>();
  let fatal: string | null = null;

  await checkoutIntegrationBranch(ctx);
  // Whatever was untracked before the run is the user's (a `.env` with a secret): never committed,
  // even if an agent edits it. Read once, so files an earlier iteration's agent made still count as work.
  const excludeFromCommit = [...new Set([...untrackedOrchestratorFiles(ctx), ...(await untrackedFiles(ctx.repoRoot))])];
  bus.emit({ type: 'run:start', runId: ctx.runId, mode: 'sequential', stories: stories.length, concurrency: 1 });
  for (const story of stories) if (!story.passes) bus.emit({ type: 'story:queued', storyId: story.id, title: story.title });

  for (let iteration = 1; iteration <= settings.maxIterations && !ctx.signal.aborted; iteration += 1) {
    const story = pickNextStory(stories, book.satisfiedIds(), book.lostIds());
    if (story === null) break;
    const state = await storyProgress(ctx, book, story, progress);
    state.attempts += 1;
    const conflictSummary = options.conflictSummaries?.get(story.id);
    const outcome = await runIteration(
      ctx,
      story,
      { cwd: ctx.repoRoot, branch: ctx.prd.prd.branchName, baseRev: state.baseRev, logFile: logFileFor(ctx, story), excludeFromCommit },
      {
        iteration,
        maxIterations: settings.maxIterations,
        ...(state.gateFailure ? { gateFailure: state.gateFailure } : {}),
        ...(conflictSummary ? { conflictSummary } : {}),
      },
    );
    if (outcome.kind === 'done') {
      await book.apply(story.id, { type: 'complete', at: Date.now(), commit: outcome.commit, durationMs: Date.now() - state.startedAt });
      continue;
    }
    if (outcome.kind === 'fatal') {
      if (outcome.reason !== 'interrupted') fatal = outcome.reason;
      await book.apply(story.id, { type: 'fail', at: Date.now(), reason: outcome.reason, durationMs: Date.now() - state.startedAt });
      break;
    }
    state.lastReason = outcome.reason;
    if (outcome.gateFailure) state.gateFailure = outcome.gateFailure;
    else delete state.gateFailure;
    bus.emit({ type: 'story:activity', storyId: story.id, text: `iteration ${iteration} did not finish the story: ${outcome.reason}` });
    // A failing agent exits at once; pause briefly so a broken setup doesn't spin.
    await abortableSleep(50, ctx.signal);
  }

  // Still running when the iterations ran out (or the run was stopped): failed.
  for (const [id, state] of progress) {
    if (book.status(id) !== 'running') continue;
    const reason = ctx.signal.aborted ? 'interrupted' : `not finished after ${state.attempts} iteration(s): ${state.lastReason}`;
    await book.apply(id, { type: 'fail', at: Date.now(), reason, durationMs: Date.now() - state.startedAt });
  }
  for (const [id, reason] of blockedBy(stories, book.lostIds())) {
    if (!book.satisfied(id)) await book.apply(id, { type: 'skip', reason });
  }

  const summary = buildSummary(bus.timeline(), { mode: 'sequential', wallMs: bus.now(), totalStories: stories.length, alreadyPassed });
  bus.emit({ type: 'summary', summary });
  if (ctx.signal.aborted) return { exitCode: 130, summary };
  return { exitCode: fatal === null && book.satisfiedIds().size === stories.length ? 0 : 1, summary };
}

async function storyProgress(ctx: RunContext, book: StoryBook, story: UserStory, progress: Map<string, StoryProgress>): Promise<StoryProgress> {
  const existing = progress.get(story.id);
  if (existing) return existing;
  const baseRev = (await revParse(ctx.repoRoot, 'HEAD')) ?? 'HEAD';
  const state: StoryProgress = { startedAt: Date.now(), baseRev, attempts: 0, lastReason: '' };
  progress.set(story.id, state);
  // One attempt per story in the loop: its iterations are retries of it, not new attempts.
  await book.apply(story.id, { type: 'start', at: state.startedAt, title: story.title, branch: ctx.prd.prd.branchName, worktree: null, logFile: logFileFor(ctx, story) });
  return state;
}

/** prd.json / progress.txt that git does not track are updated in place but never committed. */
export function untrackedOrchestratorFiles(ctx: RunContext): string[] {
  return [...(ctx.prdTracked ? [] : [ctx.prdRel]), ...(ctx.progressTracked ? [] : [ctx.progressRel])];
}

export function logFileFor(ctx: RunContext, story: UserStory): string {
  return join(ctx.logDir, `${storyDirName(story.id)}.log`);
}
