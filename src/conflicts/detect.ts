/**
 * Conflict detection between two branches: the pure core. Data in (three FileVersions maps and the changed
 * paths), report out. Files both branches changed are judged by the entity merge's own analysis (merge-rule.ts);
 * the reference rule reads every changed file's extraction (through extractMany, inline or on the pool).
 */
import { languageForPath } from '../analysis/languages.js';
import type { ExtractManyOptions } from '../analysis/pool/extract-many.js';
import { analyseVersions, unusable } from './analyse-versions.js';
import { fileConflict } from './file-rule.js';
import { mergeConflicts } from './merge-rule.js';
import type { SameFileVerdict } from './merge-rule.js';
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
    const judged = await sameFileConflicts(files, path, input.sameEntity ?? 'conflict');
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

/** Rules for one file both branches changed: file-level facts first, then what the entity merge decides. */
async function sameFileConflicts(files: VersionedFiles, path: string, sameEntity: 'conflict' | 'diff3'): Promise<SameFileVerdict> {
  const [base, ours, theirs] = [files.content('base', path), files.content('ours', path), files.content('theirs', path)];
  const fallback = (why: string): SameFileVerdict => ({ conflicts: orEmpty(fileConflict(files, path, why)), fallback: true });
  if (ours === theirs) return { conflicts: [], fallback: false };
  if (!languageForPath(path)) return fallback('no grammar for this file type');
  // Whole-file add/add and delete/modify are file-level facts, whatever the entities say.
  if (ours === null || theirs === null || base === null) return fallback('');
  return mergeConflicts(path, base, ours, theirs, sameEntity);
}
