import { Journal } from '../journal/journal.js';
import type { RunContext } from '../run/context.js';
import { InputError } from '../util/errors.js';
import { prdSlug, storyBranchName, storyBranchPrefix } from '../workspace/branch-names.js';
import { listBranches } from '../workspace/branches.js';

/**
 * A parallel run treats `ralph-wt/<prd-slug>/<story>` as the story's branch:
 * it resumes on it, merges it and deletes it once merged. A branch of that
 * name that no run recorded (the journal knows every branch it created) is
 * someone else's work, so the run refuses to start rather than merge it.
 */
export async function assertNoForeignStoryBranches(ctx: RunContext): Promise<void> {
  const { project, branchName, userStories } = ctx.prd.prd;
  const slug = prdSlug(project, branchName);
  const existing = new Set((await listBranches(ctx.repoRoot, storyBranchPrefix(slug))).map((branch) => branch.name));
  if (existing.size === 0) return;
  const journal = (await Journal.load(Journal.pathIn(ctx.ralphDir)))?.snapshot() ?? null;
  const recorded = new Set(
    journal && journal.integrationBranch === branchName ? Object.values(journal.stories).flatMap((story) => (story.branch ? [story.branch] : [])) : [],
  );
  const foreign = userStories.map((story) => ({ id: story.id, branch: storyBranchName(slug, story.id) })).filter(({ branch }) => existing.has(branch) && !recorded.has(branch));
  if (foreign.length === 0) return;
  const lines = foreign.map(({ id, branch }) => `  ${branch} (story ${id})`).join('\n');
  const first = foreign[0]?.branch ?? '';
  throw new InputError(
    `these branches have the names ralph-wt gives story branches, but no ralph-wt run recorded them:\n${lines}\n` +
      `ralph-wt would merge their commits as the stories' work and delete them afterwards, so nothing was started. ` +
      `Rename them (git branch -m ${first} <other-name>) or delete them (git branch -D ${first}) and run again.`,
  );
}
