import { isRecord } from './is-record.js';

/**
 * Return a copy of a raw prd.json object with one story marked as passed.
 * Pure: the input is not touched. Every other key, known or not, keeps its
 * value and its position, so the rewritten file diffs as one changed line
 * (plus the notes line when notes are given).
 */
export function markStoryPassed(raw: Record<string, unknown>, storyId: string, notes?: string): Record<string, unknown> {
  const stories = raw['userStories'];
  if (!Array.isArray(stories)) throw new Error('prd has no userStories array');
  let found = false;
  const updatedStories = stories.map((story: unknown) => {
    if (found || !isRecord(story) || story['id'] !== storyId) return story;
    found = true;
    const updated: Record<string, unknown> = { ...story, passes: true };
    if (notes !== undefined) updated['notes'] = notes;
    return updated;
  });
  if (!found) throw new Error(`story "${storyId}" is not in the prd`);
  return { ...raw, userStories: updatedStories };
}
