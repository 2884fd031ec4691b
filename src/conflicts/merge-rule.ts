/**
 * Rules for one file both branches changed, read off the entity merge's own analysis (entity-merge/analyze.ts):
 * the conflicts reported are the conflicts the merge would leave, entity by entity, with nothing re-derived here.
 * The same entity changed on both sides (rule a), deleted on one and changed on the other, the same name added
 * twice with different text (rule c), top-level code outside declarations changed on both sides, and files the
 * entity merge refuses (the merge lane falls back to the line merge; so does the verdict).
 */
import { lineMerge } from '../entity-merge/line-merge.js';
import { mergeWithAnalysis } from '../entity-merge/merge.js';
import type { EntityDecision, ScopeDecisions } from '../entity-merge/decisions.js';
import type { DetectedConflict } from './types.js';

export type SameEntityPolicy = 'conflict' | 'diff3';

export interface SameFileVerdict {
  conflicts: DetectedConflict[];
  /** The file was judged as a whole (it could not be analysed entity by entity). */
  fallback: boolean;
}

const LINE_LABELS = { ours: 'ours', base: 'base', theirs: 'theirs' };

function entityConflict(path: string, d: EntityDecision): DetectedConflict {
  const label = d.kind === 'import' ? d.label : `${d.kind} ${d.name}`;
  const lines: NonNullable<DetectedConflict['lines']> = {};
  if (d.lines.ours) lines.ours = d.lines.ours;
  if (d.lines.theirs) lines.theirs = d.lines.theirs;
  const at = { file: path, entity: d.name, lines };
  switch (d.reason) {
    case 'modify-delete':
      return { rule: 'delete-modify', ...at, message: `${path}: ${label} deleted in theirs, modified in ours` };
    case 'delete-modify':
      return { rule: 'delete-modify', ...at, message: `${path}: ${label} deleted in ours, modified in theirs` };
    case 'both-added':
      return { rule: 'both-added', ...at, message: `${path}: ${label} added on both branches with different definitions` };
    default:
      return { rule: 'same-entity', ...at, message: `${path}: ${label} modified on both branches` };
  }
}

/**
 * One conflict per conflicting entity; a container whose own text (header, code between members) conflicts is
 * reported once, covering its members.
 */
function scopeConflicts(path: string, scope: ScopeDecisions, out: DetectedConflict[]): void {
  for (const d of scope.entities) {
    if (d.decision !== 'conflict') continue;
    if (d.members && d.members.gaps.length === 0) scopeConflicts(path, d.members, out);
    else out.push(entityConflict(path, d));
  }
}

function fileLevel(path: string, message: string): DetectedConflict {
  return { rule: 'same-file', file: path, entity: null, message: `${path}: ${message}` };
}

export async function mergeConflicts(path: string, base: string, ours: string, theirs: string, sameEntity: SameEntityPolicy): Promise<SameFileVerdict> {
  const { analysis, outcome } = await mergeWithAnalysis({ base, ours, theirs, path }, { sameEntity });
  switch (analysis.status) {
    case 'trivial':
      return { conflicts: [], fallback: false };
    case 'unprepared': {
      const line = lineMerge(ours, base, theirs, LINE_LABELS);
      return { conflicts: line.clean ? [] : [fileLevel(path, `cannot be merged entity by entity (${analysis.reason}), and the line merge conflicts`)], fallback: true };
    }
    case 'refused':
      return { conflicts: analysis.line.clean ? [] : [fileLevel(path, 'cannot be merged entity by entity, and the line merge conflicts')], fallback: true };
    case 'broken':
      return { conflicts: [fileLevel(path, `cannot be merged entity by entity (${analysis.reason})`)], fallback: true };
    case 'analysed': {
      const out: DetectedConflict[] = [];
      scopeConflicts(path, analysis.decisions, out);
      if (analysis.decisions.gaps.length > 0) out.push(fileLevel(path, 'both branches changed the same top-level code outside declarations'));
      // A plan without conflicts whose rendering failed verification (e.g. a name defined twice): the merge
      // conflicts on the whole file. A conflicted plan that failed is still reported by its decisions.
      if (out.length === 0 && outcome.status === 'conflict') out.push(fileLevel(path, `the entity merge's result is unsound (${outcome.reason ?? 'verification failed'})`));
      return { conflicts: out, fallback: false };
    }
  }
}
