import { git } from '../workspace/git.js';

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
  const base = await git(['merge-base', head, tip], { cwd: repoRoot, reject: false });
  if (base.exitCode !== 0 || base.stdout.trim() === tip) return null;
  const subject = await git(['log', '-1', '--format=%s', tip], { cwd: repoRoot, reject: false });
  if (subject.exitCode !== 0 || !subject.stdout.startsWith(`feat(${storyId}): `)) return null;
  return tip;
}

async function revParse(cwd: string, ref: string): Promise<string | null> {
  const result = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}
