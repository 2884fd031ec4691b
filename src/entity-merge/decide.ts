/**
 * Stage 5's record: the resolution of one triple (resolve.ts) as an EntityDecision, the typed fact the renderer and
 * conflict detection both read.
 */
import type { Entity } from '../analysis/types.js';
import type { ConflictReason, DecisionKind, EntityDecision, LineRange, ScopeDecisions, SideChange } from './decisions.js';
import { entityLabel } from './labels.js';
import type { Triple } from './match.js';
import type { Resolution } from './resolve.js';

function sideChange(base: Entity | undefined, side: Entity | undefined): SideChange {
  if (base && side) return base.text === side.text ? 'unchanged' : 'modified';
  if (base) return 'deleted';
  return side ? 'added' : 'absent';
}

function range(e: Entity | undefined): LineRange | undefined {
  return e ? [e.startLine, e.endLine] : undefined;
}

function kindOf(ours: SideChange, theirs: SideChange, resolution: Resolution, sameText: boolean): DecisionKind {
  if (resolution.type === 'drop') return 'dropped';
  if (resolution.type === 'conflict' || resolution.pieces.some((p) => p.type === 'conflict')) return 'conflict';
  if (resolution.via) return 'merged-inside';
  if (ours === 'added' && theirs === 'added') return 'both-added';
  if (ours === 'unchanged' && theirs === 'unchanged') return 'unchanged';
  if (ours !== 'unchanged' && theirs !== 'unchanged' && sameText) return 'same-change';
  if (ours === 'unchanged' || ours === 'absent') return 'taken-theirs';
  return 'taken-ours';
}

function conflictReason(resolution: Resolution): ConflictReason | undefined {
  const box = resolution.type === 'conflict' ? resolution.box : resolution.type === 'emit' ? resolution.pieces.find((p) => p.type === 'conflict') : undefined;
  if (!box || box.type !== 'conflict') return undefined;
  // A container's member-level boxes (gaps included) make the container "both modified".
  return box.kind === 'gap' ? 'both-modified' : box.kind;
}

/** `members`: the container's own scope decisions when it was merged member by member. */
export function decide(triple: Triple, resolution: Resolution, members: ScopeDecisions | undefined): EntityDecision {
  const { base, ours, theirs } = triple;
  const e = ours ?? theirs ?? base;
  if (!e) throw new Error(`invariant: empty triple ${triple.key}`);
  const change = { ours: sideChange(base, ours), theirs: sideChange(base, theirs) };
  const decision = kindOf(change.ours, change.theirs, resolution, ours !== undefined && theirs !== undefined && ours.text === theirs.text);
  const out: EntityDecision = { key: triple.key, label: entityLabel(e), kind: e.kind, name: e.qualifiedName, change, decision, lines: {} };
  if (resolution.type === 'emit' && resolution.via) out.via = resolution.via;
  const reason = decision === 'conflict' ? conflictReason(resolution) : undefined;
  if (reason) out.reason = reason;
  for (const [side, entity] of [
    ['base', base],
    ['ours', ours],
    ['theirs', theirs],
  ] as const) {
    const r = range(entity);
    if (r) out.lines[side] = r;
  }
  if (members && resolution.type === 'emit' && resolution.via === 'members') out.members = members;
  return out;
}

/** Every conflicting entity decision in a scope, depth first (a container's own decision before its members'). */
export function* conflictingDecisions(scope: ScopeDecisions): Generator<EntityDecision> {
  for (const d of scope.entities) {
    if (d.decision !== 'conflict') continue;
    yield d;
    if (d.members) yield* conflictingDecisions(d.members);
  }
}
