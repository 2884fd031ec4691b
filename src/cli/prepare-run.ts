import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { createAdapter } from '../agent/adapters/index.js';
import { assertAgentAvailable } from '../agent/preflight.js';
import { resolveSettings } from '../config/resolve.js';
import type { ResolvedSettings, Settings } from '../config/types.js';
import { EventBus } from '../events/bus.js';
import { loadPrd, parsePrd } from '../prd/load.js';
import { readFileAt } from '../workspace/git-objects.js';
import type { LoadedPrd } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { InputError } from '../util/errors.js';
import { assertDistinctStoryNames, assertIntegrationBranchAllowed } from '../workspace/branch-names.js';
import { hasCommits } from '../workspace/git.js';
import { isBranchNameAccepted } from '../workspace/refs.js';
import { isTracked } from '../workspace/working-tree.js';
import { GitMutex } from '../workspace/git-mutex.js';
import { userThresholdOf } from '../scheduler/plan-for-run.js';
import { ralphDir as findRalphDir } from '../workspace/worktrees.js';
import { pathExists } from '../util/path-exists.js';
import { gitRepoRootOf } from './repo-root.js';

export interface LoadedInputs {
  prd: LoadedPrd;
  repoRoot: string;
  resolved: ResolvedSettings;
}

/** Loads prd.json, finds its repository and resolves the settings; every problem is an InputError (exit 2). */
export async function loadInputs(options: { cwd: string; prdPath: string; rcPath?: string | undefined; cli: Partial<Settings> }): Promise<LoadedInputs> {
  const prdPath = resolve(options.cwd, options.prdPath);
  try {
    await access(prdPath);
  } catch {
    throw new InputError(`${prdPath}: no such file (pass --prd <path>, or create one with \`ralph-wt init\`)`);
  }
  const prd = await loadPrd(prdPath);
  assertDistinctStoryNames(prd.prd.userStories.map((story) => story.id));
  const repoRoot = await gitRepoRootOf(dirname(prdPath));
  const resolved = await resolveSettings({
    cwd: repoRoot,
    prd: prd.prd,
    cli: options.cli,
    ...(options.rcPath !== undefined ? { rcPath: resolve(options.cwd, options.rcPath) } : {}),
  });
  return { prd, repoRoot, resolved };
}

/** Builds the run context: the integration branch name is checked, logs get a per-run folder. */
export async function createRunContext(inputs: LoadedInputs, signal: AbortSignal): Promise<RunContext> {
  const { prd, repoRoot } = inputs;
  const settings = inputs.resolved.values;
  assertIntegrationBranchAllowed(prd.prd.branchName);
  if (settings.agent === 'custom' && !settings.agentCommand) {
    throw new InputError('--agent custom needs --agent-command <executable> (or agent.command in the rc file)');
  }
  const adapter = createAdapter(settings);
  await assertAgentAvailable(adapter, repoRoot);
  const prdRel = toPosix(relative(repoRoot, prd.path));
  const progressRel = prdRel.includes('/') ? posix.join(posix.dirname(prdRel), 'progress.txt') : 'progress.txt';
  // Independent questions to git, asked at once: every run waits for them before its first story.
  const [commits, branchCheck, ralphDir, prdTracked, progressListed, prdOnBranch] = await Promise.all([
    hasCommits(repoRoot),
    isBranchNameAccepted(repoRoot, prd.prd.branchName),
    findRalphDir(repoRoot),
    isTracked(repoRoot, prdRel),
    isTracked(repoRoot, progressRel),
    readFileAt(repoRoot, `refs/heads/${prd.prd.branchName}`, prdRel),
  ]);
  if (!commits) {
    throw new InputError(`${repoRoot} has no commits yet: make a first commit so stories have a base to branch from`);
  }
  if (!branchCheck) throw new InputError(`${prd.path}: branchName "${prd.prd.branchName}" is not a valid git branch name`);
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`;
  if (prdTracked && prdOnBranch !== null) countPassesOnIntegrationBranch(prd, prdOnBranch, prdRel);
  // A progress log that does not exist yet is created next to a tracked PRD and committed with it.
  const progressTracked = progressListed || (prdTracked && !(await pathExists(join(repoRoot, progressRel))));
  return {
    runId,
    repoRoot,
    ralphDir,
    logDir: join(ralphDir, 'logs', runId),
    prd,
    prdRel,
    progressRel,
    prdTracked,
    progressTracked,
    settings,
    userSimilarityThreshold: userThresholdOf(inputs.resolved),
    bus: new EventBus(),
    adapter,
    gitMutex: new GitMutex(),
    signal,
  };
}

/**
 * Stories merged by an earlier (perhaps interrupted) run are recorded as
 * passing in prd.json on the integration branch, which the user's checkout
 * may not show (it can be on another branch, or detached at an older commit
 * after a crash). Those count as passing; everything else comes from the
 * working copy, so stories the user added since are picked up.
 */
function countPassesOnIntegrationBranch(prd: LoadedPrd, text: string, prdRel: string): void {
  let passing: Set<string>;
  try {
    passing = new Set(parsePrd(text, `${prd.prd.branchName}:${prdRel}`).prd.userStories.filter((s) => s.passes).map((s) => s.id));
  } catch {
    return;
  }
  for (const story of prd.prd.userStories) if (passing.has(story.id)) story.passes = true;
}


function toPosix(path: string): string {
  return path.split(sep).join('/');
}
