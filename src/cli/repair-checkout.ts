import type { Prd } from '../prd/types.js';
import { backupRefName, prdSlug } from '../workspace/branch-names.js';
import { currentBranch } from '../workspace/git.js';
import { readRef, syncCheckout } from '../workspace/integration.js';

/**
 * A run killed between moving the integration branch and updating the user's
 * checkout leaves that checkout showing the previous commit. If its files
 * still match the backup ref exactly, bring them forward before anything else
 * looks at the working tree (it would otherwise seem dirty).
 */
export async function repairLaggingCheckout(repoRoot: string, prd: Prd): Promise<boolean> {
  if ((await currentBranch(repoRoot)) !== prd.branchName) return false;
  const backup = await readRef(repoRoot, backupRefName(prdSlug(prd.project, prd.branchName), 'integration'));
  const tip = await readRef(repoRoot, `refs/heads/${prd.branchName}`);
  if (!backup || !tip || backup === tip) return false;
  const result = await syncCheckout(repoRoot, prd.branchName, backup);
  return result.synced;
}
