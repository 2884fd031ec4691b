/**
 * A conflict region of the layout diff3 that consists only of entity placeholders and blank lines is an
 * interleaving of additions/removals, which is merged as a set: ours' sequence, minus what theirs removed, plus
 * what theirs added after its nearest surviving predecessor (ours' additions first at a shared anchor).
 * Ordered entities (field initialisers, side-effect imports, ...) added by both sides at one anchor stay a conflict,
 * as does any region holding other text (statements, standalone comments) or a reordering.
 */
import { isBlankLine } from './lines.js';
import { parsePlaceholder } from './layout.js';

interface Group {
  /** Blank lines that travel with the placeholder (before it, or after it in 'trail' orientation). */
  sep: string[];
  token: string;
  key: string;
  flagged: boolean;
}

interface Grouped {
  groups: Group[];
  /** Blank lines not owned by a group (after the last group, or before the first in 'trail' orientation). */
  edge: string[];
}

/**
 * diff3 may align an insertion as "blank, entity" or as "entity, blank". When every side's region starts with a
 * placeholder, separators follow their entity ('trail'); otherwise they precede it ('lead').
 */
type Orientation = 'lead' | 'trail';

function group(tokens: readonly string[], orientation: Orientation): Grouped | null {
  const groups: Group[] = [];
  let pending: string[] = [];
  let edge: string[] = [];
  for (const token of tokens) {
    const ph = parsePlaceholder(token);
    if (ph) {
      if (orientation === 'lead') {
        groups.push({ sep: pending, token, key: ph.key, flagged: ph.flagged });
      } else {
        const last = groups[groups.length - 1];
        if (last) last.sep = pending;
        else edge = pending;
        groups.push({ sep: [], token, key: ph.key, flagged: ph.flagged });
      }
      pending = [];
    } else if (isBlankLine(token)) {
      pending.push(token);
    } else {
      return null;
    }
  }
  if (orientation === 'lead') return { groups, edge: pending };
  const last = groups[groups.length - 1];
  if (last) last.sep = pending;
  else edge = pending;
  return { groups, edge };
}

function keysInOrder(g: Grouped): string[] {
  return g.groups.map((x) => x.key);
}

/** Shared keys appear in the same relative order in both lists. */
function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const inB = new Set(b);
  const inA = new Set(a);
  const x = a.filter((k) => inB.has(k));
  const y = b.filter((k) => inA.has(k));
  return x.every((k, i) => k === y[i]);
}

function equal(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function mergeRegion(ours: readonly string[], base: readonly string[], theirs: readonly string[], isOrdered: (key: string) => boolean): string[] | null {
  const startsWithEntity = (t: readonly string[]): boolean => t.length === 0 || parsePlaceholder(t[0] ?? '') !== null;
  const orientation: Orientation = startsWithEntity(ours) && startsWithEntity(base) && startsWithEntity(theirs) ? 'trail' : 'lead';
  const a = group(ours, orientation);
  const o = group(base, orientation);
  const b = group(theirs, orientation);
  if (!a || !o || !b) return null;
  const keysA = keysInOrder(a);
  const keysO = keysInOrder(o);
  const keysB = keysInOrder(b);
  for (const keys of [keysA, keysO, keysB]) if (new Set(keys).size !== keys.length) return null;
  if (!sameOrder(keysA, keysO) || !sameOrder(keysB, keysO)) return null;
  const inA = new Set(keysA);
  const inO = new Set(keysO);
  const inB = new Set(keysB);
  const addedByOurs = new Set(keysA.filter((k) => !inO.has(k)));

  // Ours' groups, minus the ones theirs deleted (unless ours modified them: that is a delete/modify conflict).
  const result: Group[] = a.groups.filter((g) => !(inO.has(g.key) && !inB.has(g.key) && !g.flagged));
  for (let i = 0; i < b.groups.length; i++) {
    const g = b.groups[i];
    if (!g || inA.has(g.key)) continue;
    // Deleted by ours: keep only if theirs modified it (flagged), so the delete/modify conflict has a place.
    if (inO.has(g.key) && !g.flagged) continue;
    let pos = 0;
    for (let j = i - 1; j >= 0; j--) {
      const predKey = b.groups[j]?.key;
      const idx = result.findIndex((r) => r.key === predKey);
      if (idx >= 0) {
        pos = idx + 1;
        break;
      }
    }
    while (pos < result.length && addedByOurs.has(result[pos]?.key ?? '')) {
      if (isOrdered(result[pos]?.key ?? '') || isOrdered(g.key)) return null;
      pos++;
    }
    result.splice(pos, 0, g);
  }
  const edge = equal(a.edge, o.edge) ? b.edge : a.edge;
  if (orientation === 'lead') return [...result.flatMap((g) => [...g.sep, g.token]), ...edge];
  return [...edge, ...result.flatMap((g) => [g.token, ...g.sep])];
}
