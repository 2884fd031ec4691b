import { globMatcher } from '../graph/inference/glob/match.js';
import type { UserStory } from '../prd/types.js';

/**
 * Files a story changed outside its declared `targetFiles`. Other stories run
 * in parallel on the assumption that those globs are honest, so drift is
 * worth reporting (and, with --strict-scope, rejecting). A story without
 * targetFiles declares nothing and cannot drift.
 */
export function scopeDrift(story: UserStory, changed: readonly string[]): string[] {
  const globs = story.targetFiles ?? [];
  if (globs.length === 0) return [];
  const matchers = globs.map(globMatcher);
  return changed.filter((path) => !matchers.some((matches) => matches(path)));
}
