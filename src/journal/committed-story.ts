import { mergeBase, revParse } from '../workspace/git.js';
import { commitSubject } from '../workspace/refs.js';

/**
 * The tip of a story branch that already holds the story's finished commit
 * (`feat(<id>): …`, which the run makes only after the agent completed and
 * the gates passed) on top of the integration branch, or null. Finds the
 * work of a story whose run was killed between committing and recording
 * the commit, so a resume merges it instead of paying for the agent again.
 */
export async function committedStoryTip(repoRoot: string, storyBranch: string, integrationBranch: string, storyId: string): Promise<string | null> {
  const tip = await revParse(repoRoot, `refs/heads/${storyBranch}`);
  const head = await revParse(repoRoot, `refs/heads/${integrationBranch}`);
  if (tip === null || head === null || tip === head) return null;
  // Unrelated histories or a vanished commit: nothing to resume either way.
  const base = await mergeBase(repoRoot, head, tip).catch(() => null);
  if (base === null || base === tip) return null;
  const subject = await commitSubject(repoRoot, tip);
  if (subject === null || !subject.startsWith(`feat(${storyId}): `)) return null;
  return tip;
}
