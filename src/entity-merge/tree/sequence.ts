/**
 * Three-way merge of element sequences by identity key, producing slots (which element of which version goes where).
 *  - ordered: diff3 over the key sequences. Stretches no side touched are matched triples (merged further by the
 *    caller); a stretch one side changed takes that side, provided the other side left those elements exactly as
 *    base had them; stretches both sides changed (including insertions at one anchor) must be identical.
 *  - set: elements are keyed by identity and commute. Ours' order, minus what theirs deleted, plus what theirs added
 *    after its nearest surviving predecessor in theirs (ours' additions first at a shared anchor).
 * Null means "cannot merge": the caller reports a conflict.
 */
import { diffHunks, internLines } from '../myers.js';
import type { Hunk } from '../myers.js';

export interface Slot {
  b?: number;
  o?: number;
  t?: number;
}

/** `changed(side, baseIndex, sideIndex)`: the element differs from base's (same key, other content). */
export type Changed = (side: 'o' | 't', baseIndex: number, sideIndex: number) => boolean;

function matchedMap(hunks: readonly Hunk[], baseLength: number): Int32Array {
  const map = new Int32Array(baseLength).fill(-1);
  let b = 0;
  let s = 0;
  for (const h of hunks) {
    while (b < h.baseStart) map[b++] = s++;
    b = h.baseStart + h.baseLength;
    s = h.sideStart + h.sideLength;
  }
  while (b < baseLength) map[b++] = s++;
  return map;
}

/**
 * A base element matched by key to a changed element, while the side also has an unmatched element with exactly
 * base's text: the key match may be the wrong pairing (the side kept the element and added a similar one), and
 * merging the other side's edit into the wrong one would lose it. The caller reports a conflict.
 */
function ambiguous(map: Int32Array, base: readonly string[], side: readonly string[]): boolean {
  const matched = new Set(map);
  const unmatchedTexts = new Set(side.filter((_, j) => !matched.has(j)));
  return base.some((text, i) => {
    const j = map[i] ?? -1;
    return j >= 0 && side[j] !== text && unmatchedTexts.has(text);
  });
}

function sameSlice(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `texts` are the full texts of each version's elements (to compare what both sides inserted); keys drive matching.
 */
export function orderedMerge(
  keys: { b: readonly string[]; o: readonly string[]; t: readonly string[] },
  texts: { b: readonly string[]; o: readonly string[]; t: readonly string[] },
  changed: Changed,
): Slot[] | null {
  const [B, O, T] = internLines(keys.b, keys.o, keys.t) as [Int32Array, Int32Array, Int32Array];
  const ho = diffHunks(B, O);
  const ht = diffHunks(B, T);
  const mapO = matchedMap(ho, B.length);
  const mapT = matchedMap(ht, B.length);
  if (ambiguous(mapO, texts.b, texts.o) || ambiguous(mapT, texts.b, texts.t)) return null;
  const hunks = [...ho.map((h) => ({ ...h, side: 'o' as const })), ...ht.map((h) => ({ ...h, side: 't' as const }))];
  hunks.sort((x, y) => x.baseStart - y.baseStart || (x.side === y.side ? 0 : x.side === 'o' ? -1 : 1));
  const slots: Slot[] = [];
  let cursor = 0;
  const stable = (to: number): void => {
    for (let i = cursor; i < to; i++) slots.push({ b: i, o: mapO[i] ?? -1, t: mapT[i] ?? -1 });
  };
  let h = 0;
  while (h < hunks.length) {
    const first = hunks[h];
    if (!first) break;
    const regionStart = first.baseStart;
    let regionEnd = first.baseStart + first.baseLength;
    const group = [first];
    h++;
    for (let next = hunks[h]; next && next.baseStart <= regionEnd; next = hunks[++h]) {
      regionEnd = Math.max(regionEnd, next.baseStart + next.baseLength);
      group.push(next);
    }
    stable(regionStart);
    const sides = new Set(group.map((g) => g.side));
    if (sides.size === 1) {
      const side = first.side;
      const other = side === 'o' ? 't' : 'o';
      const otherMap = other === 'o' ? mapO : mapT;
      // The other side must have left every base element of this stretch untouched, or its edit would be lost.
      for (let i = regionStart; i < regionEnd; i++) {
        const j = otherMap[i] ?? -1;
        if (j < 0 || changed(other, i, j)) return null;
      }
      // One side's hunks never touch each other, so a one-sided stretch is a single hunk.
      for (let j = first.sideStart; j < first.sideStart + first.sideLength; j++) slots.push(side === 'o' ? { o: j } : { t: j });
    } else {
      const span = (side: 'o' | 't'): [number, number] => {
        const own = group.filter((g) => g.side === side);
        const lo = Math.min(...own.map((g) => g.sideStart - (g.baseStart - regionStart)));
        const hi = Math.max(...own.map((g) => g.sideStart + g.sideLength + (regionEnd - g.baseStart - g.baseLength)));
        return [lo, hi];
      };
      const [oLo, oHi] = span('o');
      const [tLo, tHi] = span('t');
      if (!sameSlice(texts.o.slice(oLo, oHi), texts.t.slice(tLo, tHi))) return null;
      for (let j = oLo; j < oHi; j++) slots.push({ o: j, t: tLo + (j - oLo) });
    }
    cursor = regionEnd;
  }
  stable(B.length);
  for (const s of slots) {
    if (s.o === -1 || s.t === -1) throw new Error('invariant: unmatched stable element in an ordered merge');
  }
  return slots;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const inB = new Set(b);
  const inA = new Set(a);
  const x = a.filter((k) => inB.has(k));
  const y = b.filter((k) => inA.has(k));
  return x.every((k, i) => k === y[i]);
}

/** Merged key order of a commutative list, or null (duplicate keys, or both sides reordered). */
export function setOrder(b: readonly string[], o: readonly string[], t: readonly string[]): string[] | null {
  for (const keys of [b, o, t]) if (new Set(keys).size !== keys.length) return null;
  let primary = o;
  let secondary = t;
  if (!sameOrder(o, b)) {
    if (!sameOrder(t, b)) return null;
  } else if (!sameOrder(t, b)) {
    // Only theirs reordered the shared elements: their order wins.
    primary = t;
    secondary = o;
  }
  const inB = new Set(b);
  const inP = new Set(primary);
  const inS = new Set(secondary);
  const addedByPrimary = new Set(primary.filter((k) => !inB.has(k)));
  // Deleted by the secondary side: the caller decides whether that was a modify/delete conflict.
  const result = primary.filter((k) => !(inB.has(k) && !inS.has(k)));
  secondary.forEach((k, i) => {
    if (inP.has(k) || inB.has(k)) return;
    let pos = 0;
    for (let j = i - 1; j >= 0; j--) {
      const idx = result.indexOf(secondary[j] ?? '');
      if (idx >= 0) {
        pos = idx + 1;
        break;
      }
    }
    while (pos < result.length && addedByPrimary.has(result[pos] ?? '')) pos++;
    result.splice(pos, 0, k);
  });
  return result;
}
