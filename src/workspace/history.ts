import { git } from './git.js';

/**
 * Building history as a user would at the command line, for the demo and
 * the measurement fixtures (a run never checks out or merges in a user's
 * repository this way). `env` goes to every git call: fixtures pin identity
 * and config with it.
 */

/** `git init` with the given first branch. */
export async function initRepository(dir: string, initialBranch: string, env: Record<string, string> = {}): Promise<void> {
  await git(['init', '--quiet', `--initial-branch=${initialBranch}`], { cwd: dir, env });
}

/** Creates `branch` at `at` and checks it out. */
export async function checkoutNewBranch(cwd: string, branch: string, at: string, env: Record<string, string> = {}): Promise<void> {
  await git(['checkout', '--quiet', '-b', branch, at], { cwd, env });
}

/** Stages everything and commits, even when nothing changed; the new sha. */
export async function commitEverything(cwd: string, message: string, env: Record<string, string> = {}): Promise<string> {
  await git(['add', '-A'], { cwd, env });
  await git(['commit', '--quiet', '--allow-empty', '--file=-'], { cwd, env, input: message });
  return (await git(['rev-parse', 'HEAD'], { cwd, env })).stdout.trim();
}

/** `git merge --no-ff` of `branch` into the checked-out one; on a conflict, git's output (the merge is left as git left it). */
export async function mergeNoFastForward(cwd: string, branch: string, env: Record<string, string> = {}): Promise<{ clean: true } | { clean: false; output: string }> {
  const result = await git(['merge', '--no-ff', '--no-edit', '--quiet', branch], { cwd, env, reject: false });
  return result.exitCode === 0 ? { clean: true } : { clean: false, output: `${result.stdout}${result.stderr}` };
}
