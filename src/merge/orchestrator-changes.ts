import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { withProgressEntry } from '../prd/progress.js';
import { appendedProgress, prdWithStoryPassed } from '../run/orchestrator-files.js';
import { mergeBase } from '../workspace/git.js';
import { readFilesAt } from './git-objects.js';
import type { TreeChange } from './tree-edit.js';

/**
 * The orchestrator's versions of prd.json and progress.txt for merging
 * `storyTip` into `head`: head's PRD with the story marked passing, and head's
 * progress log with the entry the story's branch appended. Whatever git would
 * have merged for these files is replaced, so stories never conflict on them.
 */
export async function orchestratorChanges(
  ctx: RunContext,
  story: UserStory,
  head: string,
  storyTip: string,
  knownBase: string | null,
  fallbackEntry: string | null,
): Promise<TreeChange[]> {
  const base = knownBase ?? (await mergeBase(ctx.repoRoot, head, storyTip)) ?? head;
  const [prdAtHead, progressAtHead, progressAtBase, progressAtTip] = await readFilesAt(ctx.repoRoot, [
    `${head}:${ctx.prdRel}`,
    `${head}:${ctx.progressRel}`,
    `${base}:${ctx.progressRel}`,
    `${storyTip}:${ctx.progressRel}`,
  ]);
  const changes: TreeChange[] = [];
  if (ctx.prdTracked && prdAtHead) changes.push({ path: ctx.prdRel, content: prdWithStoryPassed(prdAtHead, ctx.prd.path, story.id) });
  if (ctx.progressTracked || progressAtTip !== null) {
    const entry = appendedProgress(progressAtBase ?? null, progressAtTip ?? null) ?? fallbackEntry;
    changes.push({ path: ctx.progressRel, content: entry !== null ? withProgressEntry(progressAtHead ?? null, entry, new Date()) : (progressAtHead ?? null) });
  }
  return changes;
}
