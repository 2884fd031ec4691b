import { languageForPath } from '../analysis/languages.js';
import { detectConflicts } from '../conflicts/detect.js';
import type { DetectedConflict, FileVersions } from '../conflicts/types.js';
import type { ConflictStrategy } from '../prd/types.js';
import { changedFilesBetween } from '../workspace/commit.js';
import { readFilesAt } from '../workspace/git-objects.js';

/**
 * Rules that make a textually clean merge unsafe to keep. `same-entity` is
 * what the entity merge itself would conflict on under the lane's sameEntity
 * policy (with `diff3`, only edits it cannot combine). `reference` is a semantic conflict: one
 * side renamed, removed or changed the signature of an entity that the other
 * side's new code uses — git merges it cleanly, and the result is broken.
 */
const BLOCKING_RULES = new Set<DetectedConflict['rule']>(['same-entity', 'delete-modify', 'both-added', 'reference']);

/** Why a clean line merge is not kept: the file to name in the conflict, the entity, and what happened. */
export interface UnsafeMerge {
  file: string;
  entity: string | null;
  message: string;
}

/**
 * git's line merge can be clean and still wrong: both stories adding a
 * function of the same name at different places, editing the same function
 * in lines far apart, or one story renaming a function the other's new code
 * calls. The strategy decides:
 * - `entity`: the conflicts the entity merge's own analysis finds in files
 *   both sides changed, and references across every changed file, make the
 *   merge complex (the same analysis as `ralph-wt conflicts`);
 * - `file`: any file changed on both sides does;
 * - `none`: nothing is checked.
 * `skip`: files already handled (conflicted and merged by structure, or
 * owned by the orchestrator) are not judged again at the file level.
 * Returns one entry per reason; empty = keep the merge.
 */
export async function unsafeCleanMerges(
  repoRoot: string,
  strategy: ConflictStrategy,
  revs: { base: string; ours: string; theirs: string },
  skip: ReadonlySet<string>,
  /** What each side changed since `base`, when the caller already knows. */
  known: { ours: readonly string[] | null; theirs: readonly string[] | null } = { ours: null, theirs: null },
  sameEntity: 'conflict' | 'diff3' = 'conflict',
): Promise<UnsafeMerge[]> {
  if (strategy === 'none') return [];
  const [ours, theirs] = await Promise.all([
    known.ours ?? changedFilesBetween(repoRoot, revs.base, revs.ours),
    known.theirs ?? changedFilesBetween(repoRoot, revs.base, revs.theirs),
  ]);
  const theirSet = new Set(theirs);
  const both = ours.filter((path) => theirSet.has(path) && !skip.has(path));
  if (strategy === 'file') return both.map((path) => ({ file: path, entity: null, message: `${path}: changed on both sides (conflict strategy "file")` }));
  const parsedOurs = ours.filter((path) => languageForPath(path) !== null);
  const parsedTheirs = theirs.filter((path) => languageForPath(path) !== null);
  // A reference conflict needs code changed on both sides, not necessarily in the same file.
  if (parsedOurs.length === 0 || parsedTheirs.length === 0) return [];
  const all = [...new Set([...parsedOurs, ...parsedTheirs])];
  const specs = all.flatMap((path) => [`${revs.base}:${path}`, `${revs.ours}:${path}`, `${revs.theirs}:${path}`]);
  const contents = await readFilesAt(repoRoot, specs);
  const versions = (offset: number): FileVersions => new Map(all.map((path, i) => [path, contents[i * 3 + offset] ?? null]));
  const judged = new Set(both);
  // Skipped files take no part in the same-file rules: each side's change to them is left out there.
  const report = await detectConflicts({
    strategy: 'entity',
    base: versions(0),
    ours: versions(1),
    theirs: versions(2),
    changedOurs: parsedOurs,
    changedTheirs: parsedTheirs,
    sameEntity,
  });
  return report.conflicts
    .filter((c) => BLOCKING_RULES.has(c.rule))
    .filter((c) => c.rule === 'reference' || judged.has(c.file))
    .map((c) => ({
      file: c.rule === 'reference' ? (c.otherFile ?? c.file) : c.file,
      entity: c.entity,
      message: c.rule === 'reference' ? `${c.message} (git merged it cleanly; the result would not work)` : `${c.message} (git merged it line by line; not kept silently)`,
    }));
}
