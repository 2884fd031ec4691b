import { Journal } from '../../journal/journal.js';
import { sanitizeRefComponent } from '../../workspace/branch-names.js';
import type { BranchInfo } from '../../workspace/branches.js';
import { isAncestor } from '../../workspace/refs.js';

/** Why a conflict branch is still there, as `clean` reports it. */
export type KeptKind = 'merged' | 'superseded' | 'unmerged';

/**
 * Sorts kept conflict branches: `merged` — its commits are in the integration
 * branch; `superseded` — not, but its story merged since (a re-run on the new
 * head did the work again); `unmerged` — the only copy of work that never
 * reached the integration branch.
 */
export async function classifyKeptBranches(root: string, ralphDir: string, kept: readonly BranchInfo[]): Promise<Map<KeptKind, BranchInfo[]>> {
  const journal = await Journal.load(Journal.pathIn(ralphDir)).catch(() => null);
  const data = journal?.snapshot() ?? null;
  const mergedStories = new Set(Object.entries(data?.stories ?? {}).filter(([, rec]) => rec.state === 'done').map(([id]) => sanitizeRefComponent(id)));
  const out = new Map<KeptKind, BranchInfo[]>([['merged', []], ['superseded', []], ['unmerged', []]]);
  for (const branch of kept) {
    const contained =
      data !== null &&
      await isAncestor(root, branch.sha, `refs/heads/${data.integrationBranch}`);
    // `<prefix>/<slug>--conflicts/<story>-<n>`
    const story = branch.name.slice(branch.name.indexOf('--conflicts/') + '--conflicts/'.length).replace(/-\d+$/, '');
    const kind: KeptKind = contained ? 'merged' : mergedStories.has(story) ? 'superseded' : 'unmerged';
    out.get(kind)?.push(branch);
  }
  return out;
}

/** `kept 2 conflict branch(es): 1 with unmerged work, 1 superseded (its story merged later); …`. */
export function describeKept(kinds: ReadonlyMap<KeptKind, readonly BranchInfo[]>): string {
  const count = (kind: KeptKind): number => kinds.get(kind)?.length ?? 0;
  const total = count('merged') + count('superseded') + count('unmerged');
  const parts = [
    count('unmerged') > 0 ? `${count('unmerged')} with unmerged work` : null,
    count('superseded') > 0 ? `${count('superseded')} superseded (the story merged later from a re-run)` : null,
    count('merged') > 0 ? `${count('merged')} already in the integration branch` : null,
  ].filter((p): p is string => p !== null);
  return `kept ${total} conflict branch(es): ${parts.join(', ')}; \`ralph-wt clean --all\` removes them`;
}
