/**
 * Three-way line merge regions (the diff3 algorithm as node-diff3's diff3MergeRegions implements it: hunks of
 * base→ours and base→theirs; hunks that overlap or touch form one region; a region changed by one side takes that
 * side, one changed by both is a conflict unless both made the same change), over Myers diffs (myers.ts).
 */
import { diffHunks, internLines } from './myers.js';
import type { Hunk } from './myers.js';

export type Diff3Region<T> = { ok: T[] } | { conflict: { ours: T[]; base: T[]; theirs: T[] } };

interface SideHunk extends Hunk {
  side: 'ours' | 'theirs';
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `adjacent`: what two changes that touch without sharing a base line make. 'conflict' is diff3's (and git's) rule.
 * 'merge' keeps both when each replaced or deleted its own base lines (line 3 here, line 4 there), and when one side
 * inserted lines next to lines the other rewrote one for one (a typo fixed, a type renamed): the insertion keeps its
 * place beside them. Two insertions at one place still conflict (nothing orders them), and so does an insertion next
 * to lines the other side deleted or rewrote into a different number of lines, since what was inserted may belong
 * to what is gone (a comment above removed code).
 */
export interface Diff3Options {
  adjacent: 'conflict' | 'merge';
  /**
   * Lines whose order does not matter (the members of an object type written as JSDoc `@property` lines): when
   * both sides only inserted such lines at one place, both insertions are kept, ours first.
   */
  commutes?: (line: string) => boolean;
}

/** Lines replaced one for one: still the same lines, edited. */
function rewrite(h: SideHunk): boolean {
  return h.baseLength > 0 && h.sideLength === h.baseLength;
}

/** Does hunk `next` (sorted after the group) join the group ending at base line `end`? */
function joins(next: SideHunk, end: number, group: readonly SideHunk[], adjacent: Diff3Options['adjacent']): boolean {
  if (next.baseStart < end) return true;
  if (next.baseStart > end) return false;
  if (adjacent === 'conflict') return true;
  // Touching at `end`. At one base offset insertions sort first, so an insertion here touches either the group's
  // last change (ending at `end`) or, as the group, the change `next` starts there.
  const touching = group.filter((g) => g.baseStart + g.baseLength === end);
  if (next.baseLength === 0) return touching.some((g) => g.baseLength === 0 || !rewrite(g));
  return touching.some((g) => g.baseLength === 0) && !rewrite(next);
}

export function diff3(ours: readonly string[], base: readonly string[], theirs: readonly string[], options: Diff3Options = { adjacent: 'conflict' }): Diff3Region<string>[] {
  const [o, a, b] = internLines(base, ours, theirs) as [Int32Array, Int32Array, Int32Array];
  const hunks: SideHunk[] = [
    ...diffHunks(o, a).map((h): SideHunk => ({ ...h, side: 'ours' })),
    ...diffHunks(o, b).map((h): SideHunk => ({ ...h, side: 'theirs' })),
  ];
  // Stable sort: at equal base offsets ours' hunk comes first, as in node-diff3.
  hunks.sort((x, y) => x.baseStart - y.baseStart || (options.adjacent === 'merge' ? Number(x.baseLength > 0) - Number(y.baseLength > 0) : 0));

  const regions: Diff3Region<string>[] = [];
  let ok: string[] = [];
  const emitOk = (lines: readonly string[]): void => {
    ok.push(...lines);
  };
  const flush = (): void => {
    if (ok.length > 0) regions.push({ ok });
    ok = [];
  };
  let cursor = 0;
  let h = 0;
  while (h < hunks.length) {
    const first = hunks[h] as SideHunk;
    const regionStart = first.baseStart;
    let regionEnd = first.baseStart + first.baseLength;
    const group: SideHunk[] = [first];
    h++;
    while (h < hunks.length && joins(hunks[h] as SideHunk, regionEnd, group, options.adjacent)) {
      const next = hunks[h] as SideHunk;
      regionEnd = Math.max(regionEnd, next.baseStart + next.baseLength);
      group.push(next);
      h++;
    }
    emitOk(base.slice(cursor, regionStart));
    if (group.length === 1) {
      const src = first.side === 'ours' ? ours : theirs;
      emitOk(src.slice(first.sideStart, first.sideStart + first.sideLength));
    } else {
      // Both sides changed this stretch of base: widen each side's span by the base lines it left unchanged.
      const span = (side: 'ours' | 'theirs'): [number, number] => {
        const own = group.filter((g) => g.side === side);
        if (own.length === 0) throw new Error('invariant: a diff3 conflict region without hunks from one side');
        const sideLo = Math.min(...own.map((g) => g.sideStart));
        const sideHi = Math.max(...own.map((g) => g.sideStart + g.sideLength));
        const baseLo = Math.min(...own.map((g) => g.baseStart));
        const baseHi = Math.max(...own.map((g) => g.baseStart + g.baseLength));
        return [sideLo - (baseLo - regionStart), sideHi + (regionEnd - baseHi)];
      };
      const [aLo, aHi] = span('ours');
      const [bLo, bHi] = span('theirs');
      const oursLines = ours.slice(aLo, aHi);
      const theirsLines = theirs.slice(bLo, bHi);
      if (sameLines(oursLines, theirsLines)) {
        emitOk(oursLines);
      } else if (regionStart === regionEnd && options.commutes && [...oursLines, ...theirsLines].every(options.commutes)) {
        emitOk([...oursLines, ...theirsLines]);
      } else {
        flush();
        regions.push({ conflict: { ours: oursLines, base: base.slice(regionStart, regionEnd), theirs: theirsLines } });
      }
    }
    cursor = regionEnd;
  }
  emitOk(base.slice(cursor));
  flush();
  return regions;
}
