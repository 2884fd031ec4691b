import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { appendedProgress, prdWithStoryPassed, progressWithEntry } from '../run/orchestrator-files.js';
import { mergeBase } from '../workspace/git.js';
import { readFileAt } from './git-objects.js';
import type { TreeChange } from './tree-edit.js';

/**
 * The orchestrator's versions of prd.json and progress.txt for merging
 * `storyTip` into `head`: head's PRD with the story marked passing, and head's
 * progress log with the entry the story's branch appended. Whatever git would
 * have merged for these files is replaced, so stories never conflict on them.
 */
export async function orchestratorChanges(ctx: RunContext, story: UserStory, head: string, storyTip: string, fallbackEntry: string | null): Promise<TreeChange[]> {
  const changes: TreeChange[] = [];
  if (ctx.prdTracked) {
    const prdAtHead = await readFileAt(ctx.repoRoot, head, ctx.prdRel);
    if (prdAtHead !== null) changes.push({ path: ctx.prdRel, content: prdWithStoryPassed(prdAtHead, ctx.prd.path, story.id) });
  }
  if (ctx.progressTracked || (await readFileAt(ctx.repoRoot, storyTip, ctx.progressRel)) !== null) {
    const base = (await mergeBase(ctx.repoRoot, head, storyTip)) ?? head;
    const entry = appendedProgress(await readFileAt(ctx.repoRoot, base, ctx.progressRel), await readFileAt(ctx.repoRoot, storyTip, ctx.progressRel)) ?? fallbackEntry;
    const atHead = await readFileAt(ctx.repoRoot, head, ctx.progressRel);
    if (entry !== null) changes.push({ path: ctx.progressRel, content: progressWithEntry(atHead, entry) });
    else changes.push({ path: ctx.progressRel, content: atHead });
  }
  return changes;
}
