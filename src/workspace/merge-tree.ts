import { GitError, git } from './git.js';

/** One side of a conflicted path: stage 1 = base, 2 = ours (integration), 3 = theirs (story). */
export interface ConflictStage {
  mode: string;
  oid: string;
}

export interface ConflictedPath {
  path: string;
  base: ConflictStage | null;
  ours: ConflictStage | null;
  theirs: ConflictStage | null;
}

export interface TreeMerge {
  /** The tree git wrote: fully merged when clean, with conflict markers in conflicted files otherwise. */
  tree: string;
  clean: boolean;
  conflicts: ConflictedPath[];
}

/**
 * `git merge-tree --write-tree -z`: a real three-way merge of two commits with
 * no worktree and no index, ≈35 ms. The conflicted-file section gives each
 * path's stages so conflicts can be resolved from the objects directly.
 */
export async function mergeTrees(cwd: string, ours: string, theirs: string): Promise<TreeMerge> {
  const args = ['merge-tree', '--write-tree', '-z', '--no-messages', ours, theirs];
  const result = await git(args, { cwd, reject: false });
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new GitError(args, cwd, result);
  const [tree, ...entries] = result.stdout.split('\0');
  if (!tree || !/^[0-9a-f]{40,64}$/.test(tree)) throw new Error(`git merge-tree gave unexpected output: ${result.stdout.slice(0, 200)}`);
  return { tree, clean: result.exitCode === 0, conflicts: parseConflictEntries(entries) };
}

/** Parses `<mode> <oid> <stage>\t<path>` entries (up to the first empty one). */
export function parseConflictEntries(entries: readonly string[]): ConflictedPath[] {
  const byPath = new Map<string, ConflictedPath>();
  for (const entry of entries) {
    if (entry === '') break;
    const match = /^(\d+) ([0-9a-f]+) ([123])\t(.*)$/s.exec(entry);
    if (!match) continue;
    // Every group of the pattern takes part in a match: the defaults are never used.
    const [, mode = '', oid = '', stage = '', path = ''] = match;
    const record = byPath.get(path) ?? { path, base: null, ours: null, theirs: null };
    const side: ConflictStage = { mode, oid };
    if (stage === '1') record.base = side;
    else if (stage === '2') record.ours = side;
    else record.theirs = side;
    byPath.set(path, record);
  }
  return [...byPath.values()];
}
