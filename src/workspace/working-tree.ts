import { git } from './git.js';
import { identityEnv } from './commit.js';
import { parseStatusV2, type WorkingTreeStatus } from './status-v2.js';
import { literal } from './worktree-commands.js';

/**
 * Questions about a checkout's files and index, and the few ways callers
 * change them. Read-only ones pass GIT_OPTIONAL_LOCKS=0 where a caller may
 * run them beside other git commands: a status must not take index.lock.
 */
const READ_ONLY = { GIT_OPTIONAL_LOCKS: '0' } as const;

/** Tracked paths: all of them, or those of `paths` that are tracked (in their order). */
export async function trackedFiles(cwd: string, paths?: readonly string[]): Promise<string[]> {
  if (paths === undefined) {
    const { stdout } = await git(['ls-files', '-z'], { cwd, env: READ_ONLY });
    return stdout.split('\0').filter((p) => p !== '');
  }
  const specs = paths.map(literal);
  const tracked = new Set<string>();
  // Chunks keep the argument list under every platform's limit.
  for (let i = 0; i < specs.length; i += 500) {
    const { stdout } = await git(['ls-files', '-z', '--', ...specs.slice(i, i + 500)], { cwd, env: READ_ONLY });
    for (const path of stdout.split('\0')) if (path !== '') tracked.add(path);
  }
  return paths.filter((f) => tracked.has(f));
}

/** Is this repo-relative path tracked? */
export async function isTracked(cwd: string, path: string): Promise<boolean> {
  const result = await git(['ls-files', '--error-unmatch', '--', path], { cwd, reject: false });
  return result.exitCode === 0;
}

/**
 * Tracked files plus untracked ones that are not ignored (what a user sees as
 * the project's files), or null outside a git work tree.
 */
export async function projectFiles(cwd: string): Promise<string[] | null> {
  const result = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd, reject: false, keepFinalNewline: true });
  return result.exitCode === 0 ? result.stdout.split('\0').filter((f) => f !== '') : null;
}

/** Paths with unmerged index entries (a merge stopped on them), each once. */
export async function unmergedPaths(cwd: string): Promise<string[]> {
  const { stdout } = await git(['ls-files', '-u', '-z'], { cwd, env: READ_ONLY });
  // Entries are `<mode> <sha> <stage>\t<path>`, one per stage.
  return [...new Set(stdout.split('\0').filter((e) => e.includes('\t')).map((e) => e.slice(e.indexOf('\t') + 1)))];
}

/** Tracked files whose working copy differs from the index. */
export async function modifiedFiles(cwd: string): Promise<string[]> {
  const { stdout } = await git(['diff', '--name-only', '-z', '--no-renames'], { cwd, env: READ_ONLY });
  return stdout.split('\0').filter((p) => p !== '');
}

/** Tracked files whose working copy differs from commit `base`. */
export async function changedSince(cwd: string, base: string): Promise<string[]> {
  const { stdout } = await git(['diff', '--name-only', '-z', '--no-renames', base], { cwd, env: READ_ONLY });
  return stdout.split('\0').filter((p) => p !== '');
}

/** Branch, HEAD and every changed path of the checkout (`status --porcelain=v2`), parsed. */
export async function workingTreeStatus(cwd: string): Promise<WorkingTreeStatus> {
  const { stdout } = await git(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--no-renames'], { cwd });
  return parseStatusV2(stdout);
}

/** Puts the index's version of these paths back in the working tree. */
export async function restoreFromIndex(cwd: string, paths: readonly string[]): Promise<void> {
  if (paths.length > 0) await git(['checkout', '--', ...paths.map(literal)], { cwd });
}

/**
 * Moves HEAD back to `base`. `keep`: 'index' keeps index and files (reset
 * --soft), 'nothing' discards both (reset --hard).
 */
export async function resetTo(cwd: string, base: string, keep: 'index' | 'nothing'): Promise<void> {
  await git(keep === 'index' ? ['reset', '--soft', base] : ['reset', '--hard', '--quiet', base], { cwd });
}

/** Sets the index entries of these paths back to `base` (unstages them); files are untouched. */
export async function unstage(cwd: string, base: string, paths: readonly string[]): Promise<void> {
  if (paths.length > 0) await git(['reset', '-q', base, '--', ...paths.map(literal)], { cwd });
}

/** Stages exactly `paths` and commits them; the new sha, or null when they did not change. */
export async function commitPaths(cwd: string, paths: readonly string[], message: string): Promise<string | null> {
  if (paths.length === 0) return null;
  const env = await identityEnv(cwd);
  await git(['add', '--', ...paths.map(literal)], { cwd, env });
  const staged = await git(['diff', '--cached', '--quiet'], { cwd, env, reject: false });
  if (staged.exitCode === 0) return null;
  if (staged.exitCode !== 1) await git(['diff', '--cached', '--quiet'], { cwd, env });
  // --no-verify: the repo's hooks may need tools the reconciliation worktree lacks; the checks run here instead.
  await git(['commit', '--quiet', '--no-verify', '--file=-'], { cwd, env, input: `${message}\n` });
  const { stdout } = await git(['rev-parse', 'HEAD'], { cwd });
  return stdout.trim();
}
