/**
 * Where the entity merge would refuse a file (parse errors, ambiguous duplicate definitions), the merge lane
 * keeps git's line merge; the detector mirrors that with a line diff3 of the whole file.
 */
import { diff3Merge } from 'node-diff3';
import { flattenEntities } from '../analysis/extract.js';
import type { ExtractResult } from '../analysis/types.js';

export function linesConflict(base: string, ours: string, theirs: string): boolean {
  return diff3Merge(ours.split('\n'), base.split('\n'), theirs.split('\n'), { excludeFalseConflicts: true }).some((r) => r.conflict !== undefined);
}

/** Duplicate definitions whose count differs between versions: the entity merge cannot match them (MERGE-NOTES §3). */
export function ambiguousKeys(versions: readonly ExtractResult[]): boolean {
  const counts = versions.map((v) => {
    const m = new Map<string, number>();
    for (const e of flattenEntities(v.entities)) {
      const name = e.key.replace(/#\d+$/, '');
      m.set(name, (m.get(name) ?? 0) + 1);
    }
    return m;
  });
  const names = new Set(counts.flatMap((m) => [...m.keys()]));
  for (const name of names) {
    const n = counts.map((m) => m.get(name) ?? 0);
    if (Math.max(...n) > 1 && new Set(n).size > 1) return true;
  }
  return false;
}
