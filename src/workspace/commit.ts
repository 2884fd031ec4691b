import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { git, GitError } from './git.js';

/**
 * Committing inside a story's worktree. Each worktree has its own index and
 * only moves its own story branch, so these need not go through the GitMutex.
 */

/** Used only when git has no identity configured at all (a bare CI box). */
export const FALLBACK_IDENTITY = { name: 'ralph-wt', email: 'ralph-wt@localhost' } as const;

/**
 * The env to commit with: the caller's env, plus a fallback author/committer
 * when git would otherwise refuse ("Please tell me who you are").
 */
export async function identityEnv(cwd: string, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const missing = await missingIdentity(cwd, env);
  const result: Record<string, string> = { ...env };
  if (missing.author) {
    result.GIT_AUTHOR_NAME ??= FALLBACK_IDENTITY.name;
    result.GIT_AUTHOR_EMAIL ??= FALLBACK_IDENTITY.email;
  }
  if (missing.committer) {
    result.GIT_COMMITTER_NAME ??= FALLBACK_IDENTITY.name;
    result.GIT_COMMITTER_EMAIL ??= FALLBACK_IDENTITY.email;
  }
  return result;
}

// Asking git costs two processes per commit. The answer depends on the
// identity variables, the user's config and the repository's config (shared by
// all its worktrees), none of which a run changes, so it is remembered per
// repository and environment.
const identityChecks = new Map<string, Promise<{ author: boolean; committer: boolean }>>();

const IDENTITY_VARS = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL'] as const;

/** The repository a directory belongs to, read from its `.git` entry without running git (worktrees share one). */
async function repositoryOf(cwd: string): Promise<string> {
  const dotGit = join(cwd, '.git');
  try {
    const text = await readFile(dotGit, 'utf8');
    const gitdir = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
    // `<common>/worktrees/<name>` for a linked worktree.
    return gitdir ? resolve(cwd, gitdir, '..', '..') : cwd;
  } catch {
    return dotGit;
  }
}

async function missingIdentity(cwd: string, env: Record<string, string>): Promise<{ author: boolean; committer: boolean }> {
  const key = JSON.stringify([await repositoryOf(cwd), ...IDENTITY_VARS.map((name) => env[name] ?? process.env[name] ?? null)]);
  let check = identityChecks.get(key);
  if (!check) {
    check = (async () => {
      const author = await git(['var', 'GIT_AUTHOR_IDENT'], { cwd, env, reject: false });
      const committer = await git(['var', 'GIT_COMMITTER_IDENT'], { cwd, env, reject: false });
      return { author: author.exitCode !== 0, committer: committer.exitCode !== 0 };
    })();
    identityChecks.set(key, check);
  }
  return check;
}

export interface CommitAllOptions {
  cwd: string;
  message: string;
  env?: Record<string, string>;
  /**
   * Repo-relative paths never to commit, e.g. the files copyUntracked put
   * there: a `.env` that is not gitignored must not end up in history.
   */
  exclude?: readonly string[];
  /** Run the repo's pre-commit/commit-msg hooks (default false: gates already ran, and hooks may need tools a fresh worktree lacks). */
  verify?: boolean;
  /** Ctrl-C: staging a large file takes seconds, and git stops at once on it. */
  signal?: AbortSignal;
}

/** Stage everything (minus exclude) and commit; the new sha, or null when there was nothing to commit. */
export async function commitAll(options: CommitAllOptions): Promise<string | null> {
  const { cwd, message, exclude = [], signal } = options;
  const env = await identityEnv(cwd, options.env);
  await stageAll(cwd, exclude, env, signal);
  const args = ['commit', '--quiet', ...(options.verify ? [] : ['--no-verify']), '--file=-'];
  const result = await git(args, { cwd, env, input: message, reject: false, ...(signal ? { signal } : {}) });
  if (result.exitCode !== 0) {
    // git (LC_ALL=C) says so on stdout when the index matches HEAD: not an error for us.
    if (/nothing (added )?to commit|no changes added to commit/.test(result.stdout)) return null;
    throw new GitError(args, cwd, result);
  }
  const { stdout } = await git(['rev-parse', 'HEAD'], { cwd, env });
  return stdout.trim();
}

/**
 * `git add -A` minus `exclude`. The exclusions go through a pathspec file on
 * stdin: the user's untracked files can number thousands, too many for argv.
 */
export async function stageAll(cwd: string, exclude: readonly string[], env: Record<string, string> = {}, signal?: AbortSignal): Promise<void> {
  const cancel = signal ? { signal } : {};
  if (exclude.length === 0) {
    await git(['add', '-A'], { cwd, env, ...cancel });
    return;
  }
  const pathspecs = ['.', ...exclude.map((path) => `:(exclude,literal)${path}`)];
  await git(['add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd, env, input: `${pathspecs.join('\0')}\0`, ...cancel });
}

/**
 * Paths whose content differs between the trees of a and b (two-dot). For
 * "what did this story change", pass its merge-base with the integration
 * branch as a. Renames appear as a delete plus an add.
 */
export async function changedFilesBetween(cwd: string, a: string, b: string): Promise<string[]> {
  const { stdout } = await git(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', a, b, '--'], { cwd });
  return stdout.split('\0').filter((path) => path !== '');
}
