import { makeTree, topLevelRecords, treeWithChanges, writeBlobs } from '../workspace/tree-objects.js';
import type { TreeWriter } from '../workspace/tree-writer.js';

export interface TreeChange {
  path: string;
  /** New content, or null to delete the path. */
  content: string | null;
  mode?: string;
  /** The content's blob, once written (see hashChanges). */
  oid?: string;
}

/**
 * The same changes with every new content written as a blob. Done apart from
 * editTree so blobs can be written while something else (the merge itself)
 * is still running.
 */
export async function hashChanges(cwd: string, changes: readonly TreeChange[], writer: TreeWriter | null = null): Promise<TreeChange[]> {
  const pending = changes.filter((c): c is TreeChange & { content: string } => c.content !== null && c.oid === undefined);
  const contents = pending.map((c) => c.content);
  // A writer that failed (its process died) leaves the one-shot way.
  const oids = writer ? await writer.writeBlobs(contents).catch(() => writeBlobs(cwd, contents)) : await writeBlobs(cwd, contents);
  return changes.map((change) => {
    const at = pending.indexOf(change as TreeChange & { content: string });
    return at === -1 ? change : { ...change, oid: oids[at] as string };
  });
}

/**
 * Returns a new tree: `tree` with the given paths replaced or removed.
 * Neither the user's index nor any worktree is touched: top-level paths (the
 * usual prd.json and progress.txt) are edited with ls-tree + mktree, deeper
 * ones through a throwaway index file.
 */
export async function editTree(cwd: string, tree: string, changes: readonly TreeChange[], writer: TreeWriter | null = null): Promise<string> {
  if (changes.length === 0) return tree;
  const hashed = await hashChanges(cwd, changes, writer);
  if (!hashed.every((change) => !change.path.includes('/'))) return editThroughIndex(cwd, tree, hashed);
  if (writer) {
    const made = await writer
      .topLevel(tree)
      .then((records) => writer.makeTree(replaceTopLevel(records, hashed)))
      .catch(() => null);
    if (made) return made;
  }
  return editTopLevel(cwd, tree, hashed);
}

/** ls-tree records of a top level with the changes applied. */
export function replaceTopLevel(records: readonly string[], changes: readonly TreeChange[]): string[] {
  const byName = new Map<string, string>();
  for (const record of records) byName.set(record.slice(record.indexOf('\t') + 1), record);
  for (const change of changes) {
    if (change.content === null || change.oid === undefined) byName.delete(change.path);
    else byName.set(change.path, `${change.mode ?? '100644'} blob ${change.oid}\t${change.path}`);
  }
  return [...byName.values()];
}

async function editTopLevel(cwd: string, tree: string, changes: readonly TreeChange[]): Promise<string> {
  return makeTree(cwd, replaceTopLevel(await topLevelRecords(cwd, tree), changes));
}

function editThroughIndex(cwd: string, tree: string, changes: readonly TreeChange[]): Promise<string> {
  return treeWithChanges(
    cwd,
    tree,
    changes.map((change) => ({ path: change.path, blob: change.content === null || change.oid === undefined ? null : { oid: change.oid, mode: change.mode ?? '100644' } })),
  );
}
