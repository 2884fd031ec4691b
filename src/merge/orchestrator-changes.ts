import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { withProgressEntry } from '../prd/progress.js';
import { appendedProgress, prdWithStoryPassed, type WrittenOrchestratorFiles } from '../run/orchestrator-files.js';
import { mergeBase } from '../workspace/git.js';
import { readFilesAt } from '../workspace/git-objects.js';
import type { IntegrationLedger } from './integration-ledger.js';
import type { TreeChange } from './tree-edit.js';

export interface OrchestratorInput {
  story: UserStory;
  head: string;
  storyTip: string;
  /** The commit the story branched from, when known. */
  storyBase: string | null;
  /** What the story's own commit wrote to these files, when known (else read from its branch). */
  written: WrittenOrchestratorFiles | null;
  /** The progress entry, for an untracked progress.txt. */
  fallbackEntry: string | null;
}

/**
 * The orchestrator's versions of prd.json and progress.txt for merging
 * `storyTip` into `head`: head's PRD with the story marked passing, and head's
 * progress log with the entry the story's branch appended. Whatever git would
 * have merged for these files is replaced, so stories never conflict on them.
 * Only what neither the ledger nor the story knows is read from git.
 */
export async function orchestratorChanges(ctx: RunContext, ledger: IntegrationLedger, input: OrchestratorInput): Promise<TreeChange[]> {
  const { head, storyTip, written } = input;
  const { prdRel, progressRel } = ctx;
  const known = { prd: ledger.contentAt(head, prdRel), progress: ledger.contentAt(head, progressRel) };
  const specs: string[] = [];
  if (known.prd === undefined) specs.push(`${head}:${prdRel}`);
  if (known.progress === undefined) specs.push(`${head}:${progressRel}`);
  let base: string | null = null;
  if (!written) {
    base = input.storyBase ?? (await mergeBase(ctx.repoRoot, head, storyTip)) ?? head;
    specs.push(`${base}:${progressRel}`, `${storyTip}:${progressRel}`);
  }
  const read = new Map<string, string | null>();
  const contents = await readFilesAt(ctx.repoRoot, specs);
  specs.forEach((spec, i) => read.set(spec, contents[i] ?? null));

  const prdAtHead = known.prd === undefined ? (read.get(`${head}:${prdRel}`) ?? null) : known.prd;
  const progressAtHead = known.progress === undefined ? (read.get(`${head}:${progressRel}`) ?? null) : known.progress;
  const progressAtTip = written ? (written.contents.get(progressRel) ?? null) : (read.get(`${storyTip}:${progressRel}`) ?? null);
  const appended = written ? written.appendedProgress : appendedProgress(read.get(`${base}:${progressRel}`) ?? null, progressAtTip);

  const changes: TreeChange[] = [];
  if (ctx.prdTracked && prdAtHead) changes.push({ path: prdRel, content: prdWithStoryPassed(prdAtHead, ctx.prd.path, input.story.id) });
  if (ctx.progressTracked || progressAtTip !== null) {
    const entry = appended ?? input.fallbackEntry;
    changes.push({ path: progressRel, content: entry !== null ? withProgressEntry(progressAtHead, entry, new Date()) : progressAtHead });
  }
  return changes;
}
