/**
 * Stage 5: the resolution matrix, per triple (MERGE-NOTES §5). Containers changed on both sides recurse into their
 * members through `ctx.mergeContainer`; leaves changed on both sides conflict (or, if the caller opted in, diff3).
 */
import type { Entity } from '../analysis/types.js';
import { mergeImportStatements } from './imports.js';
import { entityLabel } from './labels.js';
import { diff3Regions } from './line-merge.js';
import { splitLines } from './lines.js';
import type { Triple } from './match.js';
import type { ConflictBox, ConflictKind, Piece } from './types.js';

export type Resolution =
  | { type: 'emit'; pieces: Piece[] }
  | { type: 'drop' }
  /** `flag`: the side whose placeholder must differ from base so the deletion cannot silently win in the layout. */
  | { type: 'conflict'; box: ConflictBox; flag?: 'ours' | 'theirs' };

export interface ResolveContext {
  sameEntity: 'conflict' | 'diff3';
  mergeContainer(triple: Required<Triple>): Piece[];
  /** Merge below the entity level, on the syntax trees (tree/entity-merge.ts); null when it cannot decide. */
  mergeOnTree(triple: Required<Triple>): string | null;
}

function text(t: string): Piece[] {
  return [{ type: 'text', text: t }];
}

function conflict(e: Entity, kind: ConflictKind, ours: string, base: string, theirs: string, flag?: 'ours' | 'theirs'): Resolution {
  const box: ConflictBox = { type: 'conflict', entity: entityLabel(e), kind, ours, base, theirs };
  return flag ? { type: 'conflict', box, flag } : { type: 'conflict', box };
}

function bothChanged(triple: Required<Triple>, ctx: ResolveContext): Resolution {
  const { base, ours, theirs } = triple;
  if (ours.kind === 'import') {
    const merged = ctx.mergeOnTree(triple) ?? mergeImportStatements(base, ours, theirs);
    return merged === null ? conflict(ours, 'import', ours.text, base.text, theirs.text) : { type: 'emit', pieces: text(merged) };
  }
  if (ours.container && theirs.container && base.container && ours.kind === theirs.kind && ours.kind === base.kind) {
    const members = ctx.mergeContainer(triple);
    if (members.every((p) => p.type === 'text')) return { type: 'emit', pieces: members };
    // Member by member left a conflict (both sides changed the header, e.g. a derive list): the syntax tree may
    // still combine the changes; otherwise the member-level conflicts stand (they are the smaller boxes).
    const whole = ctx.mergeOnTree(triple);
    return { type: 'emit', pieces: whole !== null ? text(whole) : members };
  }
  const onTree = ctx.mergeOnTree(triple);
  if (onTree !== null) return { type: 'emit', pieces: text(onTree) };
  if (ctx.sameEntity === 'diff3') {
    const regions = diff3Regions(splitLines(ours.text), splitLines(base.text), splitLines(theirs.text));
    if (regions.every((r) => 'ok' in r)) return { type: 'emit', pieces: text(regions.map((r) => ('ok' in r ? r.ok.join('') : '')).join('')) };
  }
  return narrowConflict(ours, ours.text, base.text, theirs.text);
}

/**
 * A both-modified conflict boxes only the lines that differ: the lines all three versions share at the start and
 * end of the entity (its signature, its closing brace) stay outside the markers, so the box is never larger than
 * the stretch both sides touched. The box still names the entity, and every edit of both sides is inside it.
 */
function narrowConflict(e: Entity, ours: string, base: string, theirs: string): Resolution {
  const [a, o, b] = [splitLines(ours), splitLines(base), splitLines(theirs)];
  let head = 0;
  while (head < a.length && head < o.length && head < b.length && a[head] === o[head] && o[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < o.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === o[o.length - 1 - tail] &&
    o[o.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  if (head === 0 && tail === 0) return conflict(e, 'both-modified', ours, base, theirs);
  const middle = (lines: string[]): string => lines.slice(head, lines.length - tail).join('');
  const box: ConflictBox = { type: 'conflict', entity: entityLabel(e), kind: 'both-modified', ours: middle(a), base: middle(o), theirs: middle(b) };
  const pieces: Piece[] = [];
  if (head > 0) pieces.push({ type: 'text', text: a.slice(0, head).join('') });
  pieces.push(box);
  if (tail > 0) pieces.push({ type: 'text', text: a.slice(a.length - tail).join('') });
  return { type: 'emit', pieces };
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
      const merged = mergeImportStatements(undefined, ours, theirs);
      if (merged !== null) return { type: 'emit', pieces: text(merged) };
      return conflict(ours, 'import', ours.text, '', theirs.text);
    }
    return conflict(ours, 'both-added', ours.text, '', theirs.text);
  }
  if (ours) return { type: 'emit', pieces: text(ours.text) };
  if (theirs) return { type: 'emit', pieces: text(theirs.text) };
  throw new Error(`invariant: empty triple ${triple.key}`);
}
