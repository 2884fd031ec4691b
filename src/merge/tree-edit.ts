import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeBlob } from './git-objects.js';

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
export async function editTree(cwd: string, tree: string, changes: readonly TreeChange[]): Promise<string> {
  if (changes.length === 0) return tree;
  const dir = await mkdtemp(join(tmpdir(), 'ralph-wt-index-'));
  const env = { LC_ALL: 'C', GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await execa('git', ['read-tree', tree], { cwd, env, stdin: 'ignore' });
    const lines: string[] = [];
    for (const change of changes) {
      if (change.content === null) {
        lines.push(`0 ${'0'.repeat(40)}\t${change.path}`);
      } else {
        const oid = await writeBlob(cwd, change.content);
        lines.push(`${change.mode ?? '100644'} ${oid}\t${change.path}`);
      }
    }
    // --index-info with stage-0 entries also clears any conflict stages of the path.
    await execa('git', ['update-index', '--index-info'], { cwd, env, input: `${lines.join('\n')}\n` });
    const { stdout } = await execa('git', ['write-tree'], { cwd, env, stdin: 'ignore' });
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
