import type { UserStory } from '../../prd/types.js';

/** What the embedders read: title, description and acceptance criteria. */
export function storyText(story: Pick<UserStory, 'title' | 'description' | 'acceptanceCriteria'>): string {
  return [story.title, story.description, ...story.acceptanceCriteria].join('\n');
}
