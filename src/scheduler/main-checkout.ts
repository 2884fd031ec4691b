import type { RunContext } from '../run/context.js';
import { currentBranch, git } from '../workspace/git.js';
import { ensureBranch } from '../workspace/integration.js';
import { listWorktrees } from '../workspace/worktrees.js';

/**
 * During a parallel run the merge lane moves the integration branch many
 * times. A checkout sitting on that branch would lag behind each move (its
 * files showing the merges reversed), so the user's checkout is detached at
 * the same commit for the run — files untouched — and put back on the branch
 * at the end. A crash leaves it detached at a consistent commit, never
 * half-merged. Returns whether some *other* worktree has the branch checked
 * out and so must be synced after every merge.
 */
export async function releaseIntegrationBranch(ctx: RunContext): Promise<{ otherCheckouts: boolean }> {
  const branch = ctx.prd.prd.branchName;
  await ensureBranch(ctx.repoRoot, branch);
  if ((await currentBranch(ctx.repoRoot)) === branch) {
    await git(['checkout', '--quiet', '--detach'], { cwd: ctx.repoRoot });
  }
  const holders = (await listWorktrees(ctx.repoRoot)).filter((w) => w.branch === `refs/heads/${branch}`);
  return { otherCheckouts: holders.length > 0 };
}

/** Puts the user's checkout on the integration branch with the integrated result, as a sequential run leaves it. */
export async function restoreIntegrationCheckout(ctx: RunContext): Promise<void> {
  const branch = ctx.prd.prd.branchName;
  if ((await currentBranch(ctx.repoRoot)) === branch) return;
  const result = await git(['checkout', '--quiet', branch], { cwd: ctx.repoRoot, reject: false });
  if (result.exitCode !== 0) {
    ctx.bus.emit({ type: 'warning', message: `could not check out ${branch} in ${ctx.repoRoot}: ${result.stderr.trim()} — run \`git checkout ${branch}\` yourself` });
  }
}
