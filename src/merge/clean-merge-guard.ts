import { languageForPath } from '../analysis/languages.js';
import { detectConflicts } from '../conflicts/detect.js';
import type { FileVersions } from '../conflicts/types.js';
import type { ConflictStrategy } from '../prd/types.js';
import { changedFilesBetween } from '../workspace/commit.js';
import { readFilesAt } from './git-objects.js';

/** Rules that make a textually clean merge unsafe to keep (`same-entity` only while sameEntity is `conflict`). */
const BLOCKING_RULES = new Set(['same-entity', 'delete-modify', 'both-added']);

/**
 * git's line merge can be clean and still wrong: both stories adding a
 * function of the same name at different places, or editing the same
 * function in lines far apart. For files both sides changed that git merged
 * without a textual conflict, the strategy decides:
 * - `entity`: such entity-level conflicts make the merge complex;
 * - `file`: any file changed on both sides does;
 * - `none`: nothing is checked.
 * Returns one line per reason; empty = keep the merge.
 */
export async function unsafeCleanMerges(
  repoRoot: string,
  strategy: ConflictStrategy,
  revs: { base: string; ours: string; theirs: string },
  skip: ReadonlySet<string>,
  /** What each side changed since `base`, when the caller already knows. */
  known: { ours: readonly string[] | null; theirs: readonly string[] | null } = { ours: null, theirs: null },
  sameEntity: 'conflict' | 'diff3' = 'conflict',
): Promise<string[]> {
  if (strategy === 'none') return [];
  const [ours, theirs] = await Promise.all([
    known.ours ?? changedFilesBetween(repoRoot, revs.base, revs.ours),
    known.theirs ?? changedFilesBetween(repoRoot, revs.base, revs.theirs),
  ]);
  const theirSet = new Set(theirs);
  const both = ours.filter((path) => theirSet.has(path) && !skip.has(path));
  if (both.length === 0) return [];
  if (strategy === 'file') return both.map((path) => `${path}: changed on both sides (conflict strategy "file")`);
  const parsed = both.filter((path) => languageForPath(path) !== null);
  if (parsed.length === 0) return [];
  const specs = parsed.flatMap((path) => [`${revs.base}:${path}`, `${revs.ours}:${path}`, `${revs.theirs}:${path}`]);
  const contents = await readFilesAt(repoRoot, specs);
  const versions = (offset: number): FileVersions => new Map(parsed.map((path, i) => [path, contents[i * 3 + offset] ?? null]));
  const report = await detectConflicts({
    strategy: 'entity',
    base: versions(0),
    ours: versions(1),
    theirs: versions(2),
    changedOurs: parsed,
    changedTheirs: parsed,
  });
  return report.conflicts.filter((c) => BLOCKING_RULES.has(c.rule) && !(c.rule === 'same-entity' && sameEntity === 'diff3')).map((c) => `${c.file}: ${c.message} (git merged it line by line; not kept silently)`);
}
