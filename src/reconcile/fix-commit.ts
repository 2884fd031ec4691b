import { git } from '../workspace/git.js';
import { identityEnv } from '../workspace/commit.js';

/** `reconcile: remove 3 duplicate imports, format 2 files` */
export function trivialFixMessage(duplicates: number, formatted: number): string {
  const parts: string[] = [];
  if (duplicates > 0) parts.push(`remove ${duplicates} duplicate import${duplicates === 1 ? '' : 's'}`);
  if (formatted > 0) parts.push(`format ${formatted} file${formatted === 1 ? '' : 's'}`);
  return `reconcile: ${parts.length > 0 ? parts.join(', ') : 'fix trivial issues'}`;
}

/** Stage exactly `paths` and commit them; the new sha, or null when they did not change. */
export async function commitPaths(dir: string, paths: readonly string[], message: string): Promise<string | null> {
  if (paths.length === 0) return null;
  const env = await identityEnv(dir);
  await git(['add', '--', ...paths.map((p) => `:(literal)${p}`)], { cwd: dir, env });
  const staged = await git(['diff', '--cached', '--quiet'], { cwd: dir, env, reject: false });
  if (staged.exitCode === 0) return null;
  if (staged.exitCode !== 1) await git(['diff', '--cached', '--quiet'], { cwd: dir, env });
  // --no-verify: the repo's hooks may need tools the reconciliation worktree lacks; the checks run here instead.
  await git(['commit', '--quiet', '--no-verify', '--file=-'], { cwd: dir, env, input: `${message}\n` });
  const { stdout } = await git(['rev-parse', 'HEAD'], { cwd: dir });
  return stdout.trim();
}
