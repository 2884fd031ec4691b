import type { IntegrationLedger } from '../merge/integration-ledger.js';
import type { MergeWorktree } from '../merge/merge-worktree.js';
import type { TreeWriter } from '../workspace/tree-writer.js';
import type { TypecheckBaseline } from '../reconcile/baseline.js';
import { reconcile } from '../reconcile/reconcile.js';
import type { RunContext } from '../run/context.js';
import { backupRefName } from '../workspace/branch-names.js';
import { changedFilesBetween } from '../workspace/commit.js';
import { revParse } from '../workspace/git.js';
import { moveIntegrationBranch } from '../merge/lane-ref-update.js';
import { failpoint } from '../util/failpoint.js';

export interface MergedStory {
  storyId: string;
  title: string;
  mergeCommit: string;
}

/**
 * Reconciles the integration head after a batch of merges: checks run on
 * head's objects or, when they need files on disk, in the merge worktree;
 * trivial fixes come back as one commit, which then moves the integration
 * branch like a merge does (compare-and-swap, backup ref first). Returns how
 * many issues were flagged for a human (or the agent) to fix.
 */
export interface ReconcileDeps {
  worktree: MergeWorktree;
  /** Reads the batch's files without a process per batch. */
  treeWriter: TreeWriter;
  prdSlug: string;
  ledger: IntegrationLedger;
  /** Where the integration branch is: as the run last set it, else read from git. */
  integrationHead: () => Promise<string | null>;
  /** The type checkers' findings carried from batch to batch (errors already on the base are not blamed). */
  typecheckBaseline: TypecheckBaseline;
}

export async function reconcileBatch(ctx: RunContext, deps: ReconcileDeps, batch: readonly MergedStory[]): Promise<number> {
  const { worktree, prdSlug, ledger } = deps;
  const ref = `refs/heads/${ctx.prd.prd.branchName}`;
  const head = await deps.integrationHead();
  if (!head || batch.length === 0) return 0;
  const stories = await Promise.all(
    batch.map(async (story) => ({
      storyId: story.storyId,
      title: story.title,
      // What this story's merge brought in: the merge commit against its first parent.
      files: ledger.changedIn(story.mergeCommit) ?? (await changedFilesBetween(ctx.repoRoot, `${story.mergeCommit}^1`, story.mergeCommit)),
    })),
  );
  // The batch was merged onto its first merge's first parent.
  const [first] = batch;
  const base = first ? await revParse(ctx.repoRoot, `${first.mergeCommit}^1`) : null;
  const result = await reconcile({
    ctx,
    dir: () => worktree.checkout(head),
    head,
    batch: stories,
    ...(base ? { baseline: { base, record: deps.typecheckBaseline, checkoutAt: (commit: string) => worktree.checkout(commit) } } : {}),
  });
  failpoint('during-reconcile');
  if (result.fixCommit) {
    await moveIntegrationBranch(ctx, { ref, newSha: result.fixCommit, expectedOldSha: head, backupRef: backupRefName(prdSlug, 'integration'), message: 'ralph-wt: reconcile' }, 'reconciliation');
    ledger.record(result.fixCommit, { parent: head, changed: await changedFilesBetween(ctx.repoRoot, head, result.fixCommit), contents: new Map() });
  }
  return result.flagged;
}
