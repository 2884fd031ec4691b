import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../workspace/git.js';
import type { TreeWriter } from './tree-writer.js';

export interface TreeChange {
  path: string;
  /** New content, or null to delete the path. */
  content: string | null;
  mode?: string;
  /** The content's blob, once written (see hashChanges). */
  oid?: string;
}

/** Writes every content as a blob with one `git hash-object` (temp files + --stdin-paths). */
async function writeBlobs(cwd: string, contents: readonly string[]): Promise<string[]> {
  if (contents.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'ralph-wt-blobs-'));
  try {
    const paths = await Promise.all(
      contents.map(async (content, i) => {
        const path = join(dir, `blob-${i}`);
        await writeFile(path, content);
        return path;
      }),
    );
    const { stdout } = await git(['hash-object', '-w', '--no-filters', '--stdin-paths'], { cwd, input: `${paths.join('\n')}\n` });
    return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
  const { stdout } = await git(['ls-tree', '-z', '--full-tree', tree], { cwd, keepFinalNewline: true });
  const records = stdout.split('\0').filter((record) => record !== '');
  const input = replaceTopLevel(records, changes)
    .map((record) => `${record}\0`)
    .join('');
  const made = await git(['mktree', '-z'], { cwd, input });
  return made.stdout.trim();
}

async function editThroughIndex(cwd: string, tree: string, changes: readonly TreeChange[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ralph-wt-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await git(['read-tree', tree], { cwd, env });
    const lines = changes.map((change) =>
      change.content === null || change.oid === undefined ? `0 ${'0'.repeat(40)}\t${change.path}` : `${change.mode ?? '100644'} ${change.oid}\t${change.path}`,
    );
    // --index-info with stage-0 entries also clears any conflict stages of the path.
    await git(['update-index', '--index-info'], { cwd, env, input: `${lines.join('\n')}\n` });
    const { stdout } = await git(['write-tree'], { cwd, env });
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
