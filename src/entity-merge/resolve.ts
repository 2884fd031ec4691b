/**
 * Stage 5: the resolution matrix, per triple: what each side did to the entity (unchanged, modified, added,
 * deleted, absent) decides its result. Containers changed on both sides recurse into their
 * members through `ctx.mergeContainer`; leaves changed on both sides conflict (or, if the caller opted in, diff3).
 */
import type { Entity } from '../analysis/types.js';
import { mergeImportStatements } from './imports.js';
import { entityLabel } from './labels.js';
import { diff3Regions } from './line-merge.js';
import { splitLines } from './lines.js';
import { diffHunks, internLines } from './myers.js';
import type { Triple } from './match.js';
import type { MergedVia } from './decisions.js';
import type { ConflictBox, ConflictKind, Piece } from './types.js';

export type Resolution =
  /** `via`: how an entity both sides changed was combined (absent when one side's text was simply taken). */
  | { type: 'emit'; pieces: Piece[]; via?: MergedVia }
  | { type: 'drop' }
  /** `flag`: the side whose placeholder must differ from base so the deletion cannot silently win in the layout. */
  | { type: 'conflict'; box: ConflictBox; flag?: 'ours' | 'theirs' };

export interface ResolveContext {
  sameEntity: 'conflict' | 'diff3';
  mergeContainer(triple: Required<Triple>): Piece[];
  /** Merge below the entity level, on the syntax trees (tree/entity-merge.ts); null when it cannot decide. */
  mergeOnTree(triple: Required<Triple>): string | null;
  /** A function, method or other item with statements in any version (true when the trees cannot tell). */
  hasStatementBody(triple: Required<Triple>): boolean;
}

function text(t: string): Piece[] {
  return [{ type: 'text', text: t }];
}

function merged(t: string, via: MergedVia): Resolution {
  return { type: 'emit', pieces: text(t), via };
}

function conflict(e: Entity, kind: ConflictKind, ours: string, base: string, theirs: string, flag?: 'ours' | 'theirs'): Resolution {
  const box: ConflictBox = { type: 'conflict', entity: entityLabel(e), kind, ours, base, theirs };
  return flag ? { type: 'conflict', box, flag } : { type: 'conflict', box };
}

/** A JSDoc typedef's `@property` line: a member of the object type, in no particular order. */
function isJsdocProperty(line: string): boolean {
  return /^\s*\*\s*@prop(erty)?\s/.test(line);
}

function bothChanged(triple: Required<Triple>, ctx: ResolveContext): Resolution {
  const { base, ours, theirs } = triple;
  if (ours.kind === 'import') {
    const onTree = ctx.mergeOnTree(triple);
    if (onTree !== null) return merged(onTree, 'tree');
    const sets = mergeImportStatements(base, ours, theirs);
    return sets === null ? conflict(ours, 'import', ours.text, base.text, theirs.text) : merged(sets, 'imports');
  }
  if (ours.container && theirs.container && base.container && ours.kind === theirs.kind && ours.kind === base.kind) {
    const members = ctx.mergeContainer(triple);
    if (members.every((p) => p.type === 'text')) return { type: 'emit', pieces: members, via: 'members' };
    // Member by member left a conflict (both sides changed the header, e.g. a derive list): the syntax tree may
    // still combine the changes; otherwise the member-level conflicts stand (they are the smaller boxes).
    const whole = ctx.mergeOnTree(triple);
    return whole !== null ? merged(whole, 'tree') : { type: 'emit', pieces: members, via: 'members' };
  }
  const onTree = ctx.mergeOnTree(triple);
  if (onTree !== null) return merged(onTree, 'tree');
  // Lines: adjacent edits of different lines combine (the tree merge could not say more). Declarations always;
  // anything with a statement body only in the 'diff3' style (the default never combines two edits of a function).
  if (ctx.sameEntity === 'diff3' || !ctx.hasStatementBody(triple)) {
    const commutes = ours.kind === 'type' && ours.text.trimStart().startsWith('/**') ? isJsdocProperty : undefined;
    const regions = diff3Regions(splitLines(ours.text), splitLines(base.text), splitLines(theirs.text), { adjacent: 'merge', ...(commutes ? { commutes } : {}) });
    if (regions.every((r) => 'ok' in r)) return merged(regions.map((r) => ('ok' in r ? r.ok.join('') : '')).join(''), 'diff3');
  }
  return narrowConflict(ours, ours.text, base.text, theirs.text);
}

/**
 * A both-modified conflict boxes only the stretches either side changed: each run of overlapping or touching
 * changes (from one side or both) is its own box naming the entity, and the lines all three versions share stay
 * outside. Every edit of both sides is inside a box (nothing of the function is merged silently), yet a large
 * method edited in two places no longer becomes one box from the first edit to the last.
 */
function narrowConflict(e: Entity, ours: string, base: string, theirs: string): Resolution {
  const [a, o, b] = [splitLines(ours), splitLines(base), splitLines(theirs)];
  const [io, ia, ib] = internLines(o, a, b) as [Int32Array, Int32Array, Int32Array];
  const hunks = [...diffHunks(io, ia).map((h) => ({ ...h, side: 'o' as const })), ...diffHunks(io, ib).map((h) => ({ ...h, side: 't' as const }))];
  hunks.sort((x, y) => x.baseStart - y.baseStart);
  if (hunks.length === 0) return conflict(e, 'both-modified', ours, base, theirs);
  const label = entityLabel(e);
  const pieces: Piece[] = [];
  // Offsets map base lines to side lines outside hunks: side index = base index + shift.
  let shiftO = 0;
  let shiftT = 0;
  let cursor = 0;
  let h = 0;
  while (h < hunks.length) {
    const first = hunks[h];
    if (!first) break;
    const start = first.baseStart;
    let end = first.baseStart + first.baseLength;
    const group = [first];
    h++;
    for (let next = hunks[h]; next && next.baseStart <= end; next = hunks[++h]) {
      end = Math.max(end, next.baseStart + next.baseLength);
      group.push(next);
    }
    if (start > cursor) pieces.push({ type: 'text', text: o.slice(cursor, start).join('') });
    const span = (side: 'o' | 't', shift: number): [number, number, number] => {
      const own = group.filter((g) => g.side === side);
      if (own.length === 0) return [start + shift, end + shift, shift];
      const lo = Math.min(...own.map((g) => g.sideStart - (g.baseStart - start)));
      const hi = Math.max(...own.map((g) => g.sideStart + g.sideLength + (end - g.baseStart - g.baseLength)));
      return [lo, hi, hi - end];
    };
    const [aLo, aHi, nextO] = span('o', shiftO);
    const [bLo, bHi, nextT] = span('t', shiftT);
    shiftO = nextO;
    shiftT = nextT;
    const box: ConflictBox = { type: 'conflict', entity: label, kind: 'both-modified', ours: a.slice(aLo, aHi).join(''), base: o.slice(start, end).join(''), theirs: b.slice(bLo, bHi).join('') };
    pieces.push(box);
    cursor = end;
  }
  if (cursor < o.length) pieces.push({ type: 'text', text: o.slice(cursor).join('') });
  return { type: 'emit', pieces };
}

/**
 * Both sides added one entity and one version is the other plus lines (the same function, one branch also gave it a
 * docstring or one more statement): the fuller version. Null when each has lines the other lacks.
 */
function containing(ours: string, theirs: string): string | null {
  const [a, b] = [splitLines(ours), splitLines(theirs)];
  const [ia, ib] = internLines(a, b) as [Int32Array, Int32Array];
  const hunks = diffHunks(ia, ib);
  if (hunks.every((h) => h.baseLength === 0)) return theirs;
  if (hunks.every((h) => h.sideLength === 0)) return ours;
  return null;
}

export function resolveTriple(triple: Triple, ctx: ResolveContext): Resolution {
  const { base, ours, theirs } = triple;
  if (base && ours && theirs) {
    if (ours.text === theirs.text || theirs.text === base.text) return { type: 'emit', pieces: text(ours.text) };
    if (ours.text === base.text) return { type: 'emit', pieces: text(theirs.text) };
    return bothChanged({ key: triple.key, base, ours, theirs }, ctx);
  }
  if (base && !ours && !theirs) return { type: 'drop' };
  if (base && !ours && theirs) {
    if (theirs.text === base.text) return { type: 'drop' };
    return conflict(theirs, 'delete-modify', '', base.text, theirs.text, 'theirs');
  }
  if (base && ours && !theirs) {
    if (ours.text === base.text) return { type: 'drop' };
    return conflict(ours, 'modify-delete', ours.text, base.text, '', 'ours');
  }
  // Added (no base).
  if (ours && theirs) {
    if (ours.text === theirs.text) return { type: 'emit', pieces: text(ours.text) };
    if (ours.kind === 'import' && theirs.kind === 'import') {
      const sets = mergeImportStatements(undefined, ours, theirs);
      if (sets !== null) return merged(sets, 'imports');
      return conflict(ours, 'import', ours.text, '', theirs.text);
    }
    const fuller = containing(ours.text, theirs.text);
    if (fuller !== null) return merged(fuller, 'contained');
    return conflict(ours, 'both-added', ours.text, '', theirs.text);
  }
  if (ours) return { type: 'emit', pieces: text(ours.text) };
  if (theirs) return { type: 'emit', pieces: text(theirs.text) };
  throw new Error(`invariant: empty triple ${triple.key}`);
}
