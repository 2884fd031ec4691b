import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { COMPLETION_MARKER } from '../agent/completion.js';
import { buildPrompt, summaryFromFinalText } from '../agent/prompt.js';
import { runAgent, type AgentResult } from '../agent/run-agent.js';
import type { Usage } from '../events/types.js';
import { formatGateFailure } from '../gates/format.js';
import { runGates } from '../gates/run-gates.js';
import type { UserStory } from '../prd/types.js';
import { changedFilesBetween, commitAll } from '../workspace/commit.js';
import { workingTreeStatus } from '../workspace/working-tree.js';
import { enforceHead, snapshotBranches, type GuardOutcome, type GuardTarget } from '../workspace/head-guard.js';
import { BRANCH_PREFIX } from '../workspace/branch-names.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { failpoint } from '../util/failpoint.js';
import { abortableSleep } from './abortable-sleep.js';
import type { RunContext } from './context.js';
import { formatProgressEntry } from '../prd/progress.js';
import { writeOrchestratorFiles, type WrittenOrchestratorFiles } from './orchestrator-files.js';
import { scopeDrift } from './scope-drift.js';

/** Where one story's iteration runs: the main checkout (sequential) or its worktree (parallel). */
export interface StoryWorkspace {
  cwd: string;
  /** The branch the work is committed on (short name): the story's, or the integration branch in the sequential loop. */
  branch: string;
  /** Commit the story started from; orchestrator files are recomputed from it. */
  baseRev: string;
  logFile: string;
  /** Files copied in for the agent (e.g. `.env`) or the user's untracked files; never committed. */
  excludeFromCommit: string[];
  /** Content of a tracked file at baseRev when already known (null = absent), else undefined. */
  knownAtBase?: (path: string) => string | null | undefined;
  /**
   * The agent said done and the gates passed, just before the commit: the
   * parallel runner journals it, so a run stopped in between commits this
   * work on resume (commitFinishedWork) instead of running the agent again.
   */
  onFinished?: (summary: string) => Promise<void>;
}

export interface IterationInput {
  iteration: number;
  maxIterations: number;
  gateFailure?: string;
  conflictSummary?: string;
}

export type IterationOutcome =
  | {
      kind: 'done';
      commit: string | null;
      summary: string;
      filesChanged: string[];
      progressEntry: string;
      /** prd.json / progress.txt as the commit holds them. */
      orchestrator: WrittenOrchestratorFiles;
      scopeDrift: string[];
      usage: Usage | null;
    }
  /** Not done this time; the next iteration may succeed (gate output goes into its prompt). */
  | { kind: 'retry'; reason: string; gateFailure?: string; usage: Usage | null }
  /** Retrying cannot help (agent missing, run aborted). */
  | { kind: 'fatal'; reason: string; usage: Usage | null };

/**
 * One Ralph iteration on one story: prompt → agent → quality gates → commit
 * (with the story's `passes: true` and progress entry), so the story's branch
 * always records its own progress.
 */
export async function runIteration(ctx: RunContext, story: UserStory, ws: StoryWorkspace, input: IterationInput): Promise<IterationOutcome> {
  const { bus } = ctx;
  await mkdir(dirname(ws.logFile), { recursive: true });
  const prompt = buildPrompt({
    prd: ctx.prd.prd,
    story,
    prdPath: ctx.prdRel,
    progressPath: ctx.progressRel,
    iteration: input.iteration,
    maxIterations: input.maxIterations,
    ...(input.gateFailure ? { gateFailure: input.gateFailure } : {}),
    ...(input.conflictSummary ? { conflictSummary: input.conflictSummary } : {}),
  });

  bus.emit({ type: 'story:iteration', storyId: story.id, iteration: input.iteration, maxIterations: input.maxIterations });
  const owned = await snapshotOrchestratorFiles(ctx, ws.cwd);
  const outcome = await iterate(ctx, story, ws, prompt);
  // prd.json and progress.txt are ours: an agent that marked its story passing (or
  // rewrote the log) and then did not finish must not leave that behind.
  if (outcome.kind !== 'done') await owned.restore();
  return outcome;
}

async function iterate(ctx: RunContext, story: UserStory, ws: StoryWorkspace, prompt: string): Promise<IterationOutcome> {
  const { settings, bus } = ctx;
  const branches = await snapshotBranches(ws.cwd);
  const agent = await runAgentWaitingOutRateLimits(ctx, story, ws, prompt);
  const usage = agent.usage;
  if (usage) bus.emit({ type: 'story:usage', storyId: story.id, usage });
  // Whatever the agent's outcome, its branch moves are undone before anything else happens here.
  const guard = await enforceHead(guardTarget(ctx, ws), branches);
  reportGuard(ctx, story, guard);
  if (ctx.signal.aborted || agent.aborted) return { kind: 'fatal', reason: 'interrupted', usage };
  if (!guard.ok) return { kind: 'fatal', reason: guard.reason, usage };
  if (agent.error && agent.exitCode === null && !agent.timedOut) return { kind: 'fatal', reason: agent.error, usage };
  if (!agent.completed) return { kind: 'retry', reason: describeIncomplete(agent), usage };

  if (settings.gates.length > 0) {
    bus.emit({ type: 'story:phase', storyId: story.id, phase: 'gates', detail: settings.gates.join(' && ') });
    const gates = await runGates(settings.gates, { cwd: ws.cwd, logFile: ws.logFile, signal: ctx.signal, env: storyEnv(ctx, story), timeoutMs: settings.gateTimeout * 1000 });
    if (ctx.signal.aborted) return { kind: 'fatal', reason: 'interrupted', usage };
    if (!gates.passed) {
      const failed = gates.results.at(-1);
      return { kind: 'retry', reason: `quality gate ${failed?.timedOut ? `timed out (--gate-timeout ${settings.gateTimeout}s)` : 'failed'}: ${failed?.command ?? 'unknown'}`, gateFailure: formatGateFailure(gates), usage };
    }
  }

  const summary = summaryFromFinalText(agent.finalText) || `Implemented ${story.title}.`;
  return commitWork(ctx, story, ws, summary, usage);
}

/**
 * Work an earlier run's agent finished (its gates passed) but the run was
 * stopped before committing: committed now, as the iteration would have.
 * Null when the worktree holds no change since the base (the work is gone).
 */
export async function commitFinishedWork(ctx: RunContext, story: UserStory, ws: StoryWorkspace, summary: string): Promise<IterationOutcome | null> {
  if ((await storyChanges(ctx, ws)).length === 0) return null;
  ctx.bus.emit({ type: 'story:activity', storyId: story.id, text: 'the agent finished in an earlier run: committing its work' });
  return commitWork(ctx, story, ws, summary, null);
}

async function commitWork(ctx: RunContext, story: UserStory, ws: StoryWorkspace, summary: string, usage: Usage | null): Promise<IterationOutcome> {
  const { settings, bus } = ctx;
  const touched = await storyChanges(ctx, ws);
  const drift = scopeDrift(story, touched);
  if (drift.length > 0) {
    bus.emit({ type: 'scope-drift', storyId: story.id, files: drift, rejected: settings.strictScope });
    if (settings.strictScope) {
      const list = drift.map((f) => `- ${f}`).join('\n');
      const reason = `changed files outside targetFiles (--strict-scope): ${drift.join(', ')}`;
      return { kind: 'retry', reason, gateFailure: `This story may only change files matching ${(story.targetFiles ?? []).join(', ')}. Revert these changes (or move the work into allowed files):\n${list}`, usage };
    }
  }
  await ws.onFinished?.(summary);
  failpoint('before-commit');
  bus.emit({ type: 'story:phase', storyId: story.id, phase: 'commit' });
  const entry = formatProgressEntry({ storyId: story.id, title: story.title, date: new Date(), summary, filesChanged: touched });
  const orchestrator = await writeOrchestratorFiles(ctx, ws, story.id, entry);
  let commit: string | null;
  try {
    commit = await commitAll({ cwd: ws.cwd, message: `feat(${story.id}): ${story.title}`, exclude: ws.excludeFromCommit, signal: ctx.signal });
  } catch (error) {
    // Ctrl-C ended git mid-commit (git leaves no lock behind): the work stays in the worktree, uncommitted.
    if (ctx.signal.aborted) return { kind: 'fatal', reason: 'interrupted', usage };
    throw error;
  }
  return { kind: 'done', commit, summary, filesChanged: touched, progressEntry: entry, orchestrator, scopeDrift: drift, usage };
}

function guardTarget(ctx: RunContext, ws: StoryWorkspace): GuardTarget {
  const integration = `refs/heads/${ctx.prd.prd.branchName}`;
  const branch = `refs/heads/${ws.branch}`;
  return {
    cwd: ws.cwd,
    repoRoot: ctx.repoRoot,
    branch,
    integration: branch === integration ? null : integration,
    base: ws.baseRev,
    exclude: ws.excludeFromCommit,
    // The merge lane moves the integration branch and other stories' agents their own branches meanwhile.
    runMoves: (ref) => ref === integration || ref.startsWith(`refs/heads/${BRANCH_PREFIX}/`),
    mutex: ctx.gitMutex,
  };
}

function reportGuard(ctx: RunContext, story: UserStory, guard: GuardOutcome): void {
  if (guard.ok && guard.repaired) ctx.bus.emit({ type: 'warning', message: `${story.id}: ${guard.repaired}` });
  for (const branch of guard.restored) ctx.bus.emit({ type: 'warning', message: `${story.id}: the agent moved branch ${branch}` });
}

/** The current bytes of prd.json / progress.txt in dir, and a way to put them back. */
async function snapshotOrchestratorFiles(ctx: RunContext, dir: string): Promise<{ restore(): Promise<void> }> {
  const paths = [join(dir, ctx.prdRel), join(dir, ctx.progressRel)];
  const before = await Promise.all(paths.map((path) => readFile(path, 'utf8').catch(() => null)));
  return {
    async restore() {
      for (const [i, path] of paths.entries()) {
        const was = before[i] ?? null;
        const now = await readFile(path, 'utf8').catch(() => null);
        if (now === was) continue;
        if (was === null) await rm(path, { force: true });
        else await writeFileAtomic(path, was);
      }
    },
  };
}

export function storyEnv(ctx: RunContext, story: UserStory): Record<string, string> {
  return { RALPH_STORY_ID: story.id, RALPH_STORY_TITLE: story.title, RALPH_PRD: ctx.prd.path };
}

/** Files the story changed: its own commits since the base plus whatever is left in the working tree. */
/** What the story changed since its base, leaving out the orchestrator's own files. */
async function storyChanges(ctx: RunContext, ws: StoryWorkspace): Promise<string[]> {
  return (await changedFilesSinceBase(ws)).filter((p) => p !== ctx.prdRel && p !== ctx.progressRel);
}

async function changedFilesSinceBase(ws: StoryWorkspace): Promise<string[]> {
  const status = await workingTreeStatus(ws.cwd);
  // Most agents leave their work uncommitted: then HEAD is still the base and there is nothing to diff.
  const committed = status.head === ws.baseRev ? [] : await changedFilesBetween(ws.cwd, ws.baseRev, 'HEAD');
  const pending = status.paths;
  const excluded = new Set(ws.excludeFromCommit);
  return [...new Set([...committed, ...pending])].filter((p) => !excluded.has(p)).sort();
}

async function runAgentWaitingOutRateLimits(ctx: RunContext, story: UserStory, ws: StoryWorkspace, prompt: string): Promise<AgentResult> {
  const { settings, bus } = ctx;
  for (;;) {
    bus.emit({ type: 'story:phase', storyId: story.id, phase: 'agent', detail: settings.agent });
    const result = await runAgent({
      adapter: ctx.adapter,
      prompt,
      cwd: ws.cwd,
      env: storyEnv(ctx, story),
      timeoutMs: settings.agentTimeout * 1000,
      logFile: ws.logFile,
      model: settings.model,
      extraArgs: settings.agentArgs,
      signal: ctx.signal,
      onActivity: (text) => {
        // The marker is the agent's signal to us, not activity worth showing.
        if (text.trim() !== COMPLETION_MARKER) bus.emit({ type: 'story:activity', storyId: story.id, text });
      },
    });
    if (!result.rateLimit || result.completed || !settings.rateLimitWait) return result;
    const waitMs = result.rateLimit.resetAt - Date.now();
    if (waitMs > settings.rateLimitMaxWait * 1000) return result;
    bus.emit({ type: 'rate-limit', storyId: story.id, resetAt: result.rateLimit.resetAt, message: result.rateLimit.message });
    if (!(await abortableSleep(waitMs + 1000, ctx.signal))) return result;
  }
}

function describeIncomplete(agent: AgentResult): string {
  if (agent.timedOut) return 'agent timed out';
  if (agent.rateLimit) return `agent hit a usage limit: ${agent.rateLimit.message}`;
  if (agent.error) return agent.error;
  if (agent.exitCode !== 0) return `agent exited with code ${agent.exitCode}`;
  return 'agent finished without reporting <promise>COMPLETE</promise>';
}

