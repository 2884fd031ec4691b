/**
 * Whole-text line diff3 (argument order ours, base, theirs, on arrays of lines). Used for the fast path, for
 * refusals (informational text), inside entities when the caller opts into 'diff3', and for gaps. The regions are
 * node-diff3's diff3 algorithm over Myers diffs (diff3.ts): node-diff3's own LCS needed ~0.5 s on a 2,000-line file.
 */
import { diff3 } from './diff3.js';
import type { Diff3Options } from './diff3.js';
import { splitLines } from './lines.js';
import { formatConflictMarkers } from './markers.js';
import type { ResolvedLabels } from './types.js';

export interface LineMergeResult {
  clean: boolean;
  text: string;
  conflictCount: number;
  /** 1-based line of each conflict's `<<<<<<<` marker. */
  conflictLines: number[];
}

export type LineRegion = { ok: string[] } | { conflict: { ours: string[]; base: string[]; theirs: string[] } };

/** diff3 regions over line arrays; false conflicts (both sides made the same change) are merged. */
export function diff3Regions(ours: string[], base: string[], theirs: string[], options?: Diff3Options): LineRegion[] {
  return diff3(ours, base, theirs, options);
}

export function lineMerge(ours: string, base: string, theirs: string, labels: ResolvedLabels, description?: string): LineMergeResult {
  let text = '';
  let conflictCount = 0;
  let line = 1;
  const conflictLines: number[] = [];
  for (const region of diff3Regions(splitLines(ours), splitLines(base), splitLines(theirs))) {
    if ('ok' in region) {
      text += region.ok.join('');
      line += region.ok.length;
    } else {
      conflictCount++;
      conflictLines.push(line);
      const { ours: a, base: o, theirs: b } = region.conflict;
      const box = formatConflictMarkers({ ours: a.join(''), base: o.join(''), theirs: b.join('') }, labels, description);
      text += box;
      line += box.split('\n').length - 1;
    }
  }
  return { clean: conflictCount === 0, text, conflictCount, conflictLines };
}
