/**
 * Line diff by Myers' O((N+M)·D) algorithm in linear space (middle snake, divide and conquer), with common
 * prefix/suffix trimming at every level. node-diff3's LCS takes about half a second on a 2,000-line file full of
 * repeated lines (`}`, blank lines); this takes a few milliseconds when the edit distance D is small.
 */

/** A run of unmatched lines: `base[baseStart, baseStart+baseLength)` became `side[sideStart, sideStart+sideLength)`. */
export interface Hunk {
  baseStart: number;
  baseLength: number;
  sideStart: number;
  sideLength: number;
}

/** Map lines to small integers so comparisons are integer compares. */
export function internLines(...lists: ReadonlyArray<readonly string[]>): Int32Array[] {
  const ids = new Map<string, number>();
  return lists.map((list) => {
    const out = new Int32Array(list.length);
    list.forEach((line, i) => {
      let id = ids.get(line);
      if (id === undefined) {
        id = ids.size;
        ids.set(line, id);
      }
      out[i] = id;
    });
    return out;
  });
}

interface Snake {
  x: number;
  y: number;
  u: number;
  v: number;
}

/** The middle snake of a[aLo,aHi) × b[bLo,bHi) (both non-empty, first and last elements differing). */
function middleSnake(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): Snake {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2) + 1;
  const offset = max + 1;
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (vf[offset + k - 1] ?? 0) < (vf[offset + k + 1] ?? 0)) ? (vf[offset + k + 1] ?? 0) : (vf[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      const sx = x;
      const sy = y;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      vf[offset + k] = x;
      const kr = delta - k;
      if (odd && kr >= -(d - 1) && kr <= d - 1 && x + (vb[offset + kr] ?? 0) >= n) return { x: aLo + sx, y: bLo + sy, u: aLo + x, v: bLo + y };
    }
    for (let kr = -d; kr <= d; kr += 2) {
      let xr = kr === -d || (kr !== d && (vb[offset + kr - 1] ?? 0) < (vb[offset + kr + 1] ?? 0)) ? (vb[offset + kr + 1] ?? 0) : (vb[offset + kr - 1] ?? 0) + 1;
      let yr = xr - kr;
      const sxr = xr;
      const syr = yr;
      while (xr < n && yr < m && a[aHi - 1 - xr] === b[bHi - 1 - yr]) {
        xr++;
        yr++;
      }
      vb[offset + kr] = xr;
      const k = delta - kr;
      if (!odd && k >= -d && k <= d && xr + (vf[offset + k] ?? 0) >= n) return { x: aHi - xr, y: bHi - yr, u: aHi - sxr, v: bHi - syr };
    }
  }
  throw new Error('invariant: no middle snake');
}

/** Push matched index pairs (ascending) of a[aLo,aHi) and b[bLo,bHi) into `out`. */
function matchRange(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: number[]): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    out.push(aLo++, bLo++);
  }
  let suffix = 0;
  while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++;
  aHi -= suffix;
  bHi -= suffix;
  if (aLo < aHi && bLo < bHi) {
    const s = middleSnake(a, aLo, aHi, b, bLo, bHi);
    matchRange(a, aLo, s.x, b, bLo, s.y, out);
    for (let i = 0; i < s.u - s.x; i++) out.push(s.x + i, s.y + i);
    matchRange(a, s.u, aHi, b, s.v, bHi, out);
  }
  for (let i = 0; i < suffix; i++) out.push(aHi + i, bHi + i);
}

/**
 * An insertion (or deletion) next to lines equal to its own can sit at several places: `})` + new test + `})` reads
 * as "insert after the first `})`" or "after the second". Myers picks one by its search order, so two sides inserting
 * at one spot may be placed one line apart and merge "cleanly" where git reports a conflict. Like git's
 * xdl_change_compact, slide each pure insertion/deletion down as far as it goes (keeping a matched line before the
 * next hunk), so equivalent placements coincide on both sides.
 */
function slideDown(hunks: Hunk[], base: Int32Array, side: Int32Array): void {
  for (let i = 0; i < hunks.length; i++) {
    const h = hunks[i];
    if (!h || (h.baseLength > 0 && h.sideLength > 0)) continue;
    const next = hunks[i + 1];
    const limit = next ? next.baseStart - 1 : base.length;
    if (h.baseLength === 0) {
      // Insertion of side[s, s+n) before base[b] (= side[s+n]).
      while (h.baseStart < limit && h.sideStart + h.sideLength < side.length && side[h.sideStart] === side[h.sideStart + h.sideLength]) {
        h.sideStart++;
        h.baseStart++;
      }
    } else {
      // Deletion of base[b, b+n) before base[b+n] (= side[s]).
      while (h.baseStart + h.baseLength < limit && base[h.baseStart] === base[h.baseStart + h.baseLength]) {
        h.baseStart++;
        h.sideStart++;
      }
    }
  }
}

/** The hunks turning `base` into `side`, in order; hunks never touch (a matched line separates them). */
export function diffHunks(base: Int32Array, side: Int32Array): Hunk[] {
  const pairs: number[] = [];
  matchRange(base, 0, base.length, side, 0, side.length, pairs);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  const close = (bi: number, sj: number): void => {
    if (bi > i || sj > j) hunks.push({ baseStart: i, baseLength: bi - i, sideStart: j, sideLength: sj - j });
  };
  for (let p = 0; p < pairs.length; p += 2) {
    const bi = pairs[p] ?? 0;
    const sj = pairs[p + 1] ?? 0;
    close(bi, sj);
    i = bi + 1;
    j = sj + 1;
  }
  close(base.length, side.length);
  slideDown(hunks, base, side);
  return hunks;
}
