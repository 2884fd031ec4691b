import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TreeChange {
  path: string;
  /** New content, or null to delete the path. */
  content: string | null;
  mode?: string;
}

/**
 * Returns a new tree: `tree` with the given paths replaced or removed. Uses a
 * throwaway index file so neither the user's index nor any worktree is touched.
 */
/** Writes every content as a blob with one `git hash-object` (temp files + --stdin-paths). */
async function writeBlobs(cwd: string, scratch: string, contents: readonly string[]): Promise<string[]> {
  if (contents.length === 0) return [];
  const paths = await Promise.all(
    contents.map(async (content, i) => {
      const path = join(scratch, `blob-${i}`);
      await writeFile(path, content);
      return path;
    }),
  );
  const { stdout } = await execa('git', ['hash-object', '-w', '--no-filters', '--stdin-paths'], { cwd, env: { LC_ALL: 'C' }, input: `${paths.join('\n')}\n` });
  return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

export async function editTree(cwd: string, tree: string, changes: readonly TreeChange[]): Promise<string> {
  if (changes.length === 0) return tree;
  const dir = await mkdtemp(join(tmpdir(), 'ralph-wt-index-'));
  const env = { LC_ALL: 'C', GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await execa('git', ['read-tree', tree], { cwd, env, stdin: 'ignore' });
    const written = changes.filter((c): c is TreeChange & { content: string } => c.content !== null);
    const oids = await writeBlobs(cwd, dir, written.map((c) => c.content));
    const lines = changes.map((change) => {
      if (change.content === null) return `0 ${'0'.repeat(40)}\t${change.path}`;
      return `${change.mode ?? '100644'} ${oids[written.indexOf(change as TreeChange & { content: string })]}\t${change.path}`;
    });
    // --index-info with stage-0 entries also clears any conflict stages of the path.
    await execa('git', ['update-index', '--index-info'], { cwd, env, input: `${lines.join('\n')}\n` });
    const { stdout } = await execa('git', ['write-tree'], { cwd, env, stdin: 'ignore' });
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
