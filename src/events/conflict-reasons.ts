import type { ConflictReason } from './types.js';

/**
 * The reasons on one line, grouped by file in the order they came:
 * `src/math.ts: function add (both modified), function sub (both modified); src/a.ts: modified on one side and deleted on the other`.
 */
export function describeConflictReasons(reasons: readonly ConflictReason[]): string {
  const byFile = new Map<string, string[]>();
  for (const r of reasons) {
    const list = byFile.get(r.file) ?? [];
    list.push(r.entity === null ? r.reason : `${r.entity} (${r.reason})`);
    byFile.set(r.file, list);
  }
  return [...byFile].map(([file, list]) => `${file}: ${list.join(', ')}`).join('; ');
}
