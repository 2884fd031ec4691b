import type { UserStory } from '../prd/types.js';

/**
 * The classic Ralph choice: the highest-priority (lowest number) story that
 * has not passed and whose explicit dependencies have all passed. Ties go to
 * the story listed first.
 */
export function pickNextStory(stories: readonly UserStory[], passed: ReadonlySet<string>, excluded: ReadonlySet<string> = new Set()): UserStory | null {
  let best: { story: UserStory; index: number } | null = null;
  stories.forEach((story, index) => {
    if (passed.has(story.id) || excluded.has(story.id)) return;
    if (!(story.dependsOn ?? []).every((dep) => passed.has(dep))) return;
    if (best === null || story.priority < best.story.priority) best = { story, index };
  });
  return (best as { story: UserStory } | null)?.story ?? null;
}

/** Stories that can never start because a dependency (transitively) failed or was skipped. */
export function blockedBy(stories: readonly UserStory[], unreachable: ReadonlySet<string>): Map<string, string> {
  const blocked = new Map<string, string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const story of stories) {
      if (blocked.has(story.id) || unreachable.has(story.id)) continue;
      const dep = (story.dependsOn ?? []).find((d) => unreachable.has(d) || blocked.has(d));
      if (dep !== undefined) {
        blocked.set(story.id, `depends on ${dep}, which did not pass`);
        changed = true;
      }
    }
  }
  return blocked;
}
