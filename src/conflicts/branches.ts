/**
 * The git edge of conflict detection: find the base, list what each branch changed, read the file versions
 * byte-exact, then hand everything to the pure core.
 */
import { readFilesAt } from '../workspace/git-objects.js';
import { InputError } from '../util/errors.js';
import { changedFilesBetween } from '../workspace/commit.js';
import { mergeBase, revParse } from '../workspace/git.js';
import type { ExtractManyOptions } from '../analysis/pool/extract-many.js';
import { detectConflicts } from './detect.js';
import type { ConflictReport, ConflictStrategy, FileVersions } from './types.js';

export interface BranchConflictOptions {
  /** Base revision; default: the merge-base of the two branches. */
  base?: string;
  strategy: ConflictStrategy;
  /** The entity merge's policy for one function both branches changed (as `run --same-entity`). */
  sameEntity?: 'conflict' | 'diff3';
  extract?: ExtractManyOptions;
}

async function commitOf(repoRoot: string, rev: string, what: string): Promise<string> {
  const sha = await revParse(repoRoot, rev);
  if (!sha) throw new InputError(`${what} "${rev}" does not name a commit`);
  return sha;
}

/** Paths changed between two commits (renames as delete + add, so both paths are compared). */
async function changedPaths(repoRoot: string, from: string, to: string): Promise<string[]> {
  return changedFilesBetween(repoRoot, from, to);
}

/** Every path's content at rev, byte-exact, in one `git cat-file --batch` process. */
async function readVersions(repoRoot: string, rev: string, paths: Iterable<string>): Promise<FileVersions> {
  const list = [...paths];
  const texts = await readFilesAt(repoRoot, list.map((p) => `${rev}:${p}`));
  return new Map(list.map((p, i) => [p, texts[i] ?? null]));
}

export async function detectBranchConflicts(repoRoot: string, branchA: string, branchB: string, options: BranchConflictOptions): Promise<ConflictReport> {
  const ours = await commitOf(repoRoot, branchA, 'branch');
  const theirs = await commitOf(repoRoot, branchB, 'branch');
  let base: string;
  if (options.base !== undefined) base = await commitOf(repoRoot, options.base, '--base');
  else {
    const found = await mergeBase(repoRoot, ours, theirs);
    if (!found) throw new InputError(`${branchA} and ${branchB} have no common ancestor; pass --base <rev>`);
    base = found;
  }
  if (options.strategy === 'none') return { strategy: 'none', base, conflicts: [] };
  const changedOurs = await changedPaths(repoRoot, base, ours);
  const changedTheirs = await changedPaths(repoRoot, base, theirs);
  const all = new Set([...changedOurs, ...changedTheirs]);
  return detectConflicts(
    {
      strategy: options.strategy,
      base: await readVersions(repoRoot, base, all),
      ours: await readVersions(repoRoot, ours, changedOurs),
      theirs: await readVersions(repoRoot, theirs, changedTheirs),
      changedOurs,
      changedTheirs,
      baseLabel: base,
      ...(options.sameEntity ? { sameEntity: options.sameEntity } : {}),
    },
    options.extract,
  );
}
