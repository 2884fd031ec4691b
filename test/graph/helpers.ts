import type { UserStory } from '../../src/prd/types.js';

/** A story with sensible defaults; priority defaults to the numeric part of the id. */
export function story(id: string, extra: Partial<UserStory> = {}): UserStory {
  const n = Number(/\d+/.exec(id)?.[0] ?? 1);
  return {
    id,
    title: `Story ${id}`,
    description: `Description of ${id}`,
    acceptanceCriteria: [],
    priority: n,
    passes: false,
    ...extra,
  };
}
