/**
 * Top-level code outside any declaration (`app.use(x)`, `if __name__ == "__main__":`, `export { a }`) has no
 * entity to compare, so it is merged line by line as the entity merge does with gaps. Lines of entities and
 * blank lines are left out first: two branches appending different functions must not collide on the blank
 * line between them.
 */
import { diff3Merge } from 'node-diff3';
import type { ExtractResult } from '../analysis/types.js';

function gapLines(source: string, result: ExtractResult): string[] {
  const inEntity = new Set<number>();
  for (const e of result.entities) for (let l = e.startLine; l <= e.endLine; l++) inEntity.add(l);
  return source.split('\n').filter((text, i) => !inEntity.has(i + 1) && text.trim() !== '');
}

/** True when both branches changed the same top-level code outside entities differently. */
export function gapsConflict(sources: { base: string; ours: string; theirs: string }, results: { base: ExtractResult; ours: ExtractResult; theirs: ExtractResult }): boolean {
  const regions = diff3Merge(gapLines(sources.ours, results.ours), gapLines(sources.base, results.base), gapLines(sources.theirs, results.theirs), {
    excludeFalseConflicts: true,
  });
  return regions.some((r) => r.conflict !== undefined);
}
