import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git.js';

/**
 * Writing objects with one git process per call: blobs, a top-level tree, a
 * tree with deeper paths changed. TreeWriter (tree-writer.ts) does the first
 * two through long-lived processes and falls back to these.
 */

/** A path's new index entry: a blob (`oid`, `mode`), or null to remove the path. */
export interface TreeEntryChange {
  path: string;
  blob: { oid: string; mode: string } | null;
}

/** Writes every content as a blob with one `git hash-object` (temp files + --stdin-paths); ids in order. */
export async function writeBlobs(cwd: string, contents: readonly string[]): Promise<string[]> {
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

/** The top level of `tree` as `git ls-tree` records (`<mode> <type> <oid>\t<name>`). */
export async function topLevelRecords(cwd: string, tree: string): Promise<string[]> {
  const { stdout } = await git(['ls-tree', '-z', '--full-tree', tree], { cwd, keepFinalNewline: true });
  return stdout.split('\0').filter((record) => record !== '');
}

/** Writes a tree from ls-tree records (one level); returns its id. */
export async function makeTree(cwd: string, records: readonly string[]): Promise<string> {
  const made = await git(['mktree', '-z'], { cwd, input: records.map((record) => `${record}\0`).join('') });
  return made.stdout.trim();
}

/**
 * `tree` with paths at any depth changed, through a throwaway index file:
 * neither the user's index nor any worktree is touched.
 */
export async function treeWithChanges(cwd: string, tree: string, changes: readonly TreeEntryChange[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ralph-wt-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await git(['read-tree', tree], { cwd, env });
    const lines = changes.map((change) => (change.blob === null ? `0 ${'0'.repeat(40)}\t${change.path}` : `${change.blob.mode} ${change.blob.oid}\t${change.path}`));
    // --index-info with stage-0 entries also clears any conflict stages of the path.
    await git(['update-index', '--index-info'], { cwd, env, input: `${lines.join('\n')}\n` });
    const { stdout } = await git(['write-tree'], { cwd, env });
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
