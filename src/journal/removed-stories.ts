import { conflictRefName, storyBranchName } from '../workspace/branch-names.js';
import { refExists, revParse } from '../workspace/git.js';
import { createRef, deleteRef, isAncestor } from '../workspace/refs.js';
import type { GitMutex } from '../workspace/git-mutex.js';
import { removeWorktree } from '../workspace/worktrees.js';
import type { JournalData } from './types.js';

export interface RetireInput {
  repoRoot: string;
  previous: JournalData;
  /** The stories prd.json has now. */
  currentIds: readonly string[];
  slug: string;
  integrationBranch: string;
  mutex: GitMutex;
}

/**
 * Stories an interrupted run had started that are no longer in prd.json: the
 * resumed run will never touch them again, so their worktree and branch go
 * now. Commits not on the integration branch are kept first on a conflicts
 * branch (`clean` keeps those), like a conflicted story's work. Returns one
 * sentence per story, for warnings.
 */
export async function retireRemovedStories(input: RetireInput): Promise<string[]> {
  const current = new Set(input.currentIds);
  const notes: string[] = [];
  for (const [id, record] of Object.entries(input.previous.stories)) {
    if (current.has(id) || (record.branch === null && record.worktree === null)) continue;
    const branch = record.branch ?? storyBranchName(input.slug, id);
    if (record.worktree) await removeWorktree({ repoRoot: input.repoRoot, path: record.worktree, mutex: input.mutex, force: true }).catch(() => undefined);
    const kept = await keepUnmerged(input, id, branch);
    await deleteRef(input.repoRoot, `refs/heads/${branch}`);
    notes.push(
      kept
        ? `${id} is no longer in prd.json: removed its worktree and branch; its unmerged work is kept on branch ${kept}`
        : `${id} is no longer in prd.json: removed its worktree and branch (it had no unmerged commits)`,
    );
  }
  return notes;
}

async function keepUnmerged(input: RetireInput, id: string, branch: string): Promise<string | null> {
  const sha = await revParse(input.repoRoot, `refs/heads/${branch}`);
  if (sha === null) return null;
  if (await isAncestor(input.repoRoot, sha, `refs/heads/${input.integrationBranch}`)) return null;
  for (let n = 1; ; n += 1) {
    const name = conflictRefName(input.slug, id, n);
    if (await refExists(input.repoRoot, `refs/heads/${name}`)) continue;
    await createRef(input.repoRoot, `refs/heads/${name}`, sha);
    return name;
  }
}
