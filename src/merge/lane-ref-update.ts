import { realpathSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { abortableSleep } from '../run/abortable-sleep.js';
import type { RunContext } from '../run/context.js';
import { updateRefCas } from '../workspace/refs.js';
import { BranchCheckedOutError, updateRefWithBackup, type RefConflictError, type UpdateRefOptions } from '../workspace/integration.js';
import { listWorktrees, worktreeBaseFor } from '../workspace/worktrees.js';

/** How often the lane looks again at a checkout that holds the integration branch with local changes. */
const RECHECK_MS = 1000;

export type LaneRefUpdate = Omit<UpdateRefOptions, 'repoRoot' | 'mutex' | 'ownWorktree'>;

/**
 * The merge lane's compare-and-swap of the integration branch. A checkout
 * (the user's, or a linked worktree) that has the branch checked out with
 * local changes is never moved under: the lane waits, saying once which
 * checkout and what to do, and goes on as soon as that checkout is clean or
 * on another branch. Ctrl-C ends the wait (the finished story stays
 * recorded for the next run to merge). Waiting rather than stopping keeps
 * the agents' finished work; a clean checkout is simply carried along.
 */
export async function moveIntegrationBranch(ctx: RunContext, update: LaneRefUpdate, what: string): Promise<void> {
  const ownWorktree = runWorktrees(ctx);
  let told = false;
  for (;;) {
    try {
      await updateRefWithBackup({ ...update, repoRoot: ctx.repoRoot, mutex: ctx.gitMutex, ownWorktree });
      return;
    } catch (error) {
      if (!(error instanceof BranchCheckedOutError)) throw error;
      if (!told) {
        told = true;
        const branch = ctx.prd.prd.branchName;
        ctx.bus.emit({
          type: 'warning',
          message:
            `${what} is waiting for ${error.path}: ${branch} is checked out there and ${error.detail}. ` +
            `ralph-wt never moves a branch under a checkout. Commit or stash the changes there, or switch that checkout ` +
            `to another branch (git -C ${error.path} switch --detach); the merge goes on by itself. Ctrl-C stops the run (run again to resume).`,
        });
      }
      if (!(await abortableSleep(RECHECK_MS, ctx.signal))) throw new Error('interrupted');
    }
  }
}

/**
 * The compare-and-swap failed because the branch moved. When a run worktree
 * (an agent that checked the branch out there and committed) holds it, and no
 * checkout outside the run does, the move is the agent's: the branch goes
 * back to where the lane left it, and the lane carries on from there. (The
 * agent's commit is recovered onto its story branch when it finishes.) True
 * when it was put back.
 */
export async function putBackAgentMove(ctx: RunContext, error: RefConflictError): Promise<boolean> {
  if (error.actual === null) return false;
  const actual = error.actual;
  const own = runWorktrees(ctx);
  const holders = (await listWorktrees(ctx.repoRoot)).filter((entry) => entry.branch === error.ref);
  if (holders.length === 0 || holders.some((entry) => !own(entry.path))) return false;
  const putBack = await ctx.gitMutex.run(() =>
    updateRefCas(ctx.repoRoot, { ref: error.ref, to: error.expected, from: actual, message: 'ralph-wt: put back the integration branch an agent committed on' }),
  );
  if (!putBack) return false;
  const paths = holders.map((entry) => entry.path).join(', ');
  ctx.bus.emit({ type: 'warning', message: `an agent committed on ${ctx.prd.prd.branchName} in ${paths}; the branch was put back (its work is kept for its story)` });
  return true;
}

/**
 * The run's own worktrees (story worktrees and the merge worktree): an agent
 * that checked out the integration branch there is dealt with by the head
 * guard after it finishes, not by holding up the lane or having its files
 * moved while it works.
 */
function runWorktrees(ctx: RunContext): (path: string) => boolean {
  const roots = [worktreeBaseFor({ repoRoot: ctx.repoRoot, ralphDir: ctx.ralphDir, worktreeDir: ctx.settings.worktreeDir }), ctx.ralphDir];
  const candidates = roots.flatMap((root) => [root, safeRealpath(root)]);
  return (path) => candidates.some((root) => inside(root, path) || inside(root, safeRealpath(path)));
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
