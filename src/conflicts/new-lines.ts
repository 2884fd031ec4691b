/**
 * Which lines a branch's edit of one file touched, on either side of the diff (1-based line numbers). The diff is
 * the entity merge's own (Myers, entity-merge/myers.ts), so "changed lines" mean the same thing in both places.
 */
import { diffHunks, internLines } from '../entity-merge/myers.js';
import type { Hunk } from '../entity-merge/myers.js';

function hunks(base: readonly string[], side: readonly string[]): Hunk[] {
  const [b, s] = internLines(base, side) as [Int32Array, Int32Array];
  return diffHunks(b, s);
}

/** Lines a branch added or rewrote relative to base (numbers in the branch's version). */
export function newLines(base: string | null, side: string): Set<number> {
  const sideLines = side.split('\n');
  const out = new Set<number>();
  if (base === null) {
    sideLines.forEach((_, i) => out.add(i + 1));
    return out;
  }
  for (const h of hunks(base.split('\n'), sideLines)) for (let i = 0; i < h.sideLength; i++) out.add(h.sideStart + i + 1);
  return out;
}

/** Base lines a branch removed or rewrote (numbers in base; every line when the branch deleted the file). */
export function oldLines(base: string, side: string | null): Set<number> {
  const baseLines = base.split('\n');
  const out = new Set<number>();
  if (side === null) {
    baseLines.forEach((_, i) => out.add(i + 1));
    return out;
  }
  for (const h of hunks(baseLines, side.split('\n'))) for (let i = 0; i < h.baseLength; i++) out.add(h.baseStart + i + 1);
  return out;
}
