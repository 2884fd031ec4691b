/**
 * Conflict detection between two branches: the pure core. Data in (three FileVersions maps and the changed
 * paths), report out; parsing is the only work (through extractMany, inline or on the pool).
 */
import { languageForPath } from '../analysis/languages.js';
import type { ExtractManyOptions } from '../analysis/pool/extract-many.js';
import { analyseVersions, unusable } from './analyse-versions.js';
import { entityConflicts } from './entity-rules.js';
import { fileConflict } from './file-rule.js';
import { gapsConflict } from './gap-rule.js';
import { ambiguousKeys, linesConflict } from './line-fallback.js';
import { referenceConflicts } from './reference-rule.js';
import type { AnalysisLookup } from './reference-rule.js';
import type { ConflictReport, DetectedConflict, DetectInput } from './types.js';
import { VersionedFiles } from './versions.js';

export async function detectConflicts(input: DetectInput, options: ExtractManyOptions = {}): Promise<ConflictReport> {
  const report = (conflicts: DetectedConflict[]): ConflictReport => ({ strategy: input.strategy, base: input.baseLabel ?? 'base', conflicts });
  if (input.strategy === 'none') return report([]);
  const files = new VersionedFiles(input);
  const both = files.changedOnBoth();
  if (input.strategy === 'file') return report(both.flatMap((p) => orEmpty(fileConflict(files, p, ''))));

  const all = new Set([...input.changedOurs, ...input.changedTheirs]);
  const analysis = await analyseVersions(files, all, options);
  const conflicts: DetectedConflict[] = [];
  // Files that fell back to file level are judged there only; entity-level reporting covers the rest.
  const fileLevel = new Set<string>();
  for (const path of both) {
    const judged = sameFileConflicts(files, analysis, path);
    if (judged.fallback) fileLevel.add(path);
    conflicts.push(...judged.conflicts);
  }
  const skip = new Set(conflicts.map((c) => `${c.file}\u0000${c.entity ?? ''}`));
  const usable: AnalysisLookup = (version, path) => {
    const result = analysis(version, path);
    return fileLevel.has(path) || unusable(result) ? null : result;
  };
  conflicts.push(...referenceConflicts(files, usable, 'ours', skip), ...referenceConflicts(files, usable, 'theirs', skip));
  return report(conflicts);
}

function orEmpty<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}

/** Rules for one file both branches changed, with the file-level fallback for what cannot be analysed. */
function sameFileConflicts(files: VersionedFiles, analysis: AnalysisLookup, path: string): { conflicts: DetectedConflict[]; fallback: boolean } {
  const [base, ours, theirs] = [files.content('base', path), files.content('ours', path), files.content('theirs', path)];
  const fallback = (why: string): { conflicts: DetectedConflict[]; fallback: boolean } => ({ conflicts: orEmpty(fileConflict(files, path, why)), fallback: true });
  if (ours === theirs) return { conflicts: [], fallback: false };
  if (!languageForPath(path)) return fallback('no grammar for this file type');
  // Whole-file add/add and delete/modify are file-level facts, whatever the entities say.
  if (ours === null || theirs === null || base === null) return fallback('');
  const [b, o, t] = [analysis('base', path), analysis('ours', path), analysis('theirs', path)];
  if (!b || !o || !t) return fallback('cannot be split into entities');
  if (unusable(b) || unusable(o) || unusable(t) || ambiguousKeys([b, o, t])) {
    // The merge lane falls back to git's line merge for such files; so does the verdict.
    const conflicts: DetectedConflict[] = linesConflict(base, ours, theirs)
      ? [{ rule: 'same-file', file: path, entity: null, message: `${path}: cannot be merged entity by entity, and the line merge conflicts` }]
      : [];
    return { conflicts, fallback: true };
  }
  const out = entityConflicts(path, b, o, t);
  if (gapsConflict({ base, ours, theirs }, { base: b, ours: o, theirs: t })) {
    out.push({ rule: 'same-file', file: path, entity: null, message: `${path}: both branches changed the same top-level code outside declarations` });
  }
  return { conflicts: out, fallback: false };
}
