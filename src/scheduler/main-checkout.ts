/** The user's checkout and the integration branch (the PRD's branchName), in both modes. */
import type { RunContext } from '../run/context.js';
import { checkoutBranch, detachHead, tryCheckoutBranch } from '../workspace/checkout.js';
import { currentBranch, refExists } from '../workspace/git.js';
import { createBranchIfMissing } from '../workspace/integration.js';
import { worktreeAt, type WorktreeInfo } from '../workspace/worktrees.js';

/**
 * During a parallel run the merge lane moves the integration branch many
 * times. A checkout sitting on that branch would lag behind each move (its
 * files showing the merges reversed), so the user's checkout is detached at
 * the same commit for the run — files untouched — and put back on the branch
 * at the end. A crash leaves it detached at a consistent commit, never
 * half-merged. The branch is created at the checkout's commit if missing.
 * `worktrees`: the repository's worktree listing, taken just before. Returns
 * the branch's head. Another checkout holding the branch is carried along by
 * each merge (or waited for while it has local changes): see
 * updateRefWithBackup.
 */
export async function releaseIntegrationBranch(ctx: RunContext, worktrees: readonly WorktreeInfo[]): Promise<string> {
  const branch = ctx.prd.prd.branchName;
  const ref = `refs/heads/${branch}`;
  const mine = await worktreeAt(worktrees, ctx.repoRoot);
  // The name and a first commit were checked when the run context was made.
  const { sha: head } = await createBranchIfMissing(ctx.repoRoot, branch, mine?.head ?? 'HEAD');
  const onBranch = mine ? mine.branch === ref : (await currentBranch(ctx.repoRoot)) === branch;
  if (onBranch) await detachHead(ctx.repoRoot);
  return head;
}

/** The sequential loop works in the user's checkout, on the PRD's branch: checked out, created from HEAD if needed. */
export async function checkoutIntegrationBranch(ctx: RunContext): Promise<void> {
  const branch = ctx.prd.prd.branchName;
  if ((await currentBranch(ctx.repoRoot)) === branch) return;
  const exists = await refExists(ctx.repoRoot, `refs/heads/${branch}`);
  await checkoutBranch(ctx.repoRoot, branch, {}, { create: !exists });
}

/** Puts the user's checkout on the integration branch with the integrated result, as a sequential run leaves it. */
export async function restoreIntegrationCheckout(ctx: RunContext): Promise<void> {
  const branch = ctx.prd.prd.branchName;
  if ((await currentBranch(ctx.repoRoot)) === branch) return;
  const result = await tryCheckoutBranch(ctx.repoRoot, branch);
  if (!result.ok) {
    ctx.bus.emit({ type: 'warning', message: `could not check out ${branch} in ${ctx.repoRoot}: ${result.reason} — run \`git checkout ${branch}\` yourself` });
  }
}
