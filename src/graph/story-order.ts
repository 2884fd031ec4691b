import type { UserStory } from '../prd/types.js';

const collator = new Intl.Collator('en', { numeric: true });

/** Natural id order, so `US-2` sorts before `US-10`. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Scheduling order everywhere: priority (lower first), then id. */
export function compareStories(a: UserStory, b: UserStory): number {
  return a.priority - b.priority || compareIds(a.id, b.id);
}

/**
 * Which story of an inferred pair becomes the dependency: the higher-priority
 * one (lower number); on equal priority, the one earlier in prd.json.
 * Returns true when the story at index `i` goes first.
 */
export function goesFirst(stories: readonly UserStory[], i: number, j: number): boolean {
  const a = stories[i];
  const b = stories[j];
  if (a === undefined || b === undefined) throw new RangeError(`no story at ${i} or ${j}`);
  return a.priority !== b.priority ? a.priority < b.priority : i < j;
}
