/**
 * A set of characters within one path segment: either the listed ranges or,
 * when `negated`, everything except them (`?` and `*` are negated-empty).
 */
export interface CharSet {
  negated: boolean;
  /** Inclusive code-point ranges. */
  ranges: readonly (readonly [number, number])[];
}

/** Any character (`?`, or one step of `*`). */
export const ANY_CHAR: CharSet = { negated: true, ranges: [] };

export function literal(char: string): CharSet {
  const code = char.codePointAt(0) as number;
  return { negated: false, ranges: [[code, code]] };
}

function inRanges(code: number, ranges: CharSet['ranges']): boolean {
  return ranges.some(([lo, hi]) => code >= lo && code <= hi);
}

export function contains(set: CharSet, code: number): boolean {
  return inRanges(code, set.ranges) !== set.negated;
}

/** Readable characters tried first when both sets are negated (e.g. `?` vs `?`). */
const PREFERRED = [...'xabcdefghijklmnopqrstuvwyz0123456789_-'].map((c) => c.codePointAt(0) as number);

/**
 * A character in both sets, or null when they are disjoint. Positive sets
 * are finite, so they are enumerated range by range, skipping whole ranges
 * of the other set's exclusions.
 */
export function commonChar(a: CharSet, b: CharSet): string | null {
  if (a.negated && b.negated) {
    const code = PREFERRED.find((c) => contains(a, c) && contains(b, c));
    if (code !== undefined) return String.fromCodePoint(code);
    // Two finite exclusion lists cannot cover all of Unicode.
    for (let c = 0x4e00; ; c++) if (contains(a, c) && contains(b, c)) return String.fromCodePoint(c);
  }
  const [positive, other] = a.negated ? [b, a] : [a, b];
  for (const [lo, hi] of positive.ranges) {
    let c = lo;
    while (c <= hi) {
      if (contains(other, c)) return String.fromCodePoint(c);
      // Jump past the range of `other` that excludes c (or includes nothing at c).
      const blocking = other.negated ? other.ranges.find(([l, h]) => c >= l && c <= h) : undefined;
      c = blocking ? blocking[1] + 1 : nextIncluded(other, c + 1, hi);
    }
  }
  return null;
}

/** Smallest code ≥ from that a positive set includes, or hi + 1. */
function nextIncluded(set: CharSet, from: number, hi: number): number {
  let best = hi + 1;
  for (const [l, h] of set.ranges) {
    if (h >= from && l <= hi) best = Math.min(best, Math.max(l, from));
  }
  return best;
}
