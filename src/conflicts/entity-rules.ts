/**
 * Rules (a) and (c) for one file both branches changed: the same entity modified on both sides (or deleted on
 * one, modified on the other), and the same qualified name added on both sides with different text.
 */
import type { Entity, ExtractResult } from '../analysis/types.js';
import { current, entityChanges, sameContent } from './entity-changes.js';
import type { EntityChange } from './entity-changes.js';
import type { DetectedConflict } from './types.js';

function span(e: Entity | null): [number, number] | undefined {
  return e ? [e.startLine, e.endLine] : undefined;
}

function lines(ours: EntityChange, theirs: EntityChange): DetectedConflict['lines'] {
  const out: NonNullable<DetectedConflict['lines']> = {};
  const o = span(ours.side);
  const t = span(theirs.side);
  if (o) out.ours = o;
  if (t) out.theirs = t;
  return out;
}

function judge(path: string, ours: EntityChange, theirs: EntityChange): DetectedConflict | null {
  const e = current(ours);
  const label = `${e.kind} ${e.qualifiedName}`;
  const base = { file: path, entity: e.qualifiedName, lines: lines(ours, theirs) };
  if (ours.status === 'deleted' && theirs.status === 'deleted') return null;
  if (ours.status === 'deleted' || theirs.status === 'deleted') {
    const deleter = ours.status === 'deleted' ? 'ours' : 'theirs';
    const other = deleter === 'ours' ? 'theirs' : 'ours';
    return { rule: 'delete-modify', ...base, message: `${path}: ${label} deleted in ${deleter}, modified in ${other}` };
  }
  const o = ours.side;
  const t = theirs.side;
  if (!o || !t) return null;
  if (ours.status === 'added' && theirs.status === 'added') {
    // Byte-identical additions merge into one copy; anything else would leave two definitions or a guess.
    if (o.text === t.text) return null;
    return { rule: 'both-added', ...base, message: `${path}: ${label} added on both branches with different definitions` };
  }
  if (sameContent(o, t)) return null;
  return { rule: 'same-entity', ...base, message: `${path}: ${label} modified on both branches` };
}

function depth(key: string): number {
  return key.split('/').length;
}

export function entityConflicts(path: string, base: ExtractResult | null, ours: ExtractResult, theirs: ExtractResult): DetectedConflict[] {
  const oursChanges = entityChanges(base, ours);
  const theirsChanges = entityChanges(base, theirs);
  const keys = [...oursChanges.keys()].filter((k) => theirsChanges.has(k)).sort((a, b) => depth(a) - depth(b));
  const reported: string[] = [];
  const out: DetectedConflict[] = [];
  for (const key of keys) {
    // One conflict per subtree: a conflicting class already covers its members.
    if (reported.some((r) => key.startsWith(`${r}/`))) continue;
    const o = oursChanges.get(key);
    const t = theirsChanges.get(key);
    if (!o || !t) continue;
    const conflict = judge(path, o, t);
    if (conflict) {
      out.push(conflict);
      reported.push(key);
    }
  }
  return out;
}
