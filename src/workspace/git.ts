import { isAbsolute, resolve } from 'node:path';
import { execa } from 'execa';

/**
 * The one door to git. Every call is `git <args...>` as an argument array
 * (never a shell string), so story ids and file names cannot inject commands.
 */

export interface GitOptions {
  cwd: string;
  /** Throw a GitError on a non-zero exit (default true). */
  reject?: boolean;
  /** Extra environment, merged over process.env. */
  env?: Record<string, string>;
  /** Text written to git's stdin. */
  input?: string;
  /** Keep stdout's trailing newline (file contents); messages have it trimmed. */
  keepFinalNewline?: boolean;
  /**
   * Ends git (SIGTERM; git removes its lock files on it) when this aborts, so
   * a long step — staging a large file, reading its blob — does not hold up
   * Ctrl-C. The call then fails with a GitError.
   */
  signal?: AbortSignal;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A git command that failed: carries the argv, exit code and stderr for the report. */
export class GitError extends Error {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly exitCode: number;
  readonly stderr: string;
  readonly stdout: string;

  constructor(args: readonly string[], cwd: string, result: GitResult) {
    const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`;
    super(`git ${args.join(' ')} failed (exit ${result.exitCode}) in ${cwd}: ${detail}`);
    this.name = 'GitError';
    this.args = args;
    this.cwd = cwd;
    this.exitCode = result.exitCode;
    this.stderr = result.stderr;
    this.stdout = result.stdout;
  }
}

/**
 * Fixed environment for every git call: C locale so messages we match on are
 * English, no credential prompts that would hang an unattended run.
 */
const BASE_ENV: Record<string, string> = { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };

function execaOptions(options: Omit<GitOptions, 'keepFinalNewline'>) {
  return {
    cwd: options.cwd,
    env: { ...BASE_ENV, ...options.env },
    reject: false,
    // Default stdin would be inherited; git must never wait on the terminal.
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  } as const;
}

/**
 * execa's exit code and stderr: exitCode is undefined when git could not be
 * spawned at all (ENOENT, bad cwd), which becomes -1 with the reason in stderr.
 */
function spawnOutcome(result: { exitCode?: number | undefined; stderr: string; message?: string }): { exitCode: number; stderr: string } {
  const exitCode = result.exitCode ?? -1;
  return { exitCode, stderr: exitCode === -1 && !result.stderr ? (result.message ?? 'git could not be started') : result.stderr };
}

/** A call ended by its signal has no answer, even for callers that read a non-zero exit as one. */
function interrupted(args: readonly string[], cwd: string): GitError {
  return new GitError(args, cwd, { stdout: '', stderr: 'interrupted', exitCode: -1 });
}

export async function git(args: string[], options: GitOptions): Promise<GitResult> {
  const result = await execa('git', args, { ...execaOptions(options), stripFinalNewline: options.keepFinalNewline !== true });
  const out: GitResult = { stdout: result.stdout, ...spawnOutcome(result) };
  if (result.isCanceled) throw interrupted(args, options.cwd);
  if (out.exitCode !== 0 && options.reject !== false) throw new GitError(args, options.cwd, out);
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode };
}

export interface GitBytesResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** `git()` for byte-exact output (object contents): stdout as bytes, never trimmed. */
export async function gitBytes(args: string[], options: Omit<GitOptions, 'keepFinalNewline'>): Promise<GitBytesResult> {
  const result = await execa('git', args, { ...execaOptions(options), encoding: 'buffer', stripFinalNewline: false });
  const out: GitBytesResult = {
    stdout: Buffer.from(result.stdout),
    ...spawnOutcome({ exitCode: result.exitCode, stderr: Buffer.from(result.stderr).toString('utf8'), message: result.message }),
  };
  if (result.isCanceled) throw interrupted(args, options.cwd);
  if (out.exitCode !== 0 && options.reject !== false) throw new GitError(args, options.cwd, { ...out, stdout: '' });
  return out;
}

/** Absolute path of the top of the working tree containing cwd. */
export async function repoRoot(cwd: string): Promise<string> {
  const { stdout } = await git(['rev-parse', '--show-toplevel'], { cwd });
  return stdout.trim();
}

/**
 * Absolute path of the repository's common git dir: the same for the main
 * checkout and every linked worktree, so state kept there is shared by all.
 */
export async function gitCommonDir(cwd: string): Promise<string> {
  const { stdout } = await git(['rev-parse', '--git-common-dir'], { cwd });
  const dir = stdout.trim();
  // Output is relative to cwd when it is not absolute.
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}

/** Short name of the checked-out branch, or null when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const result = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd, reject: false });
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode === 1) return null;
  throw new GitError(['symbolic-ref', '--quiet', '--short', 'HEAD'], cwd, result);
}

/** The commit sha `rev` names, or null when it names no commit. */
export async function revParse(cwd: string, rev: string): Promise<string | null> {
  const result = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
    cwd,
    reject: false,
  });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Does the fully-qualified ref (e.g. `refs/heads/x`) exist? */
export async function refExists(cwd: string, ref: string): Promise<boolean> {
  const result = await git(['show-ref', '--verify', '--quiet', ref], { cwd, reject: false });
  return result.exitCode === 0;
}

/**
 * True when no tracked file is modified or staged. Untracked files do not
 * count: they cannot be lost by moving a branch (git refuses to overwrite
 * them) and `.env`-style files are normal in a working tree.
 */
export async function isClean(cwd: string): Promise<boolean> {
  const { stdout } = await git(['status', '--porcelain', '--untracked-files=no', '--ignore-submodules=none'], {
    cwd,
    // A read-only status must not take index.lock while other git commands run.
    env: { GIT_OPTIONAL_LOCKS: '0' },
  });
  return stdout.trim() === '';
}

/** False for a freshly initialised repository (HEAD names no commit yet). */
export async function hasCommits(cwd: string): Promise<boolean> {
  return (await revParse(cwd, 'HEAD')) !== null;
}

/** The best common ancestor of a and b, or null for unrelated histories. */
export async function mergeBase(cwd: string, a: string, b: string): Promise<string | null> {
  const result = await git(['merge-base', a, b], { cwd, reject: false });
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode === 1) return null;
  throw new GitError(['merge-base', a, b], cwd, result);
}

export interface GitVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

let cachedVersion: Promise<GitVersion> | null = null;

/** The installed git's version (cached per process). */
export function gitVersion(): Promise<GitVersion> {
  cachedVersion ??= (async () => {
    const { stdout } = await git(['--version'], { cwd: process.cwd() });
    return parseGitVersion(stdout);
  })();
  return cachedVersion;
}

/** Parses `git version 2.39.5`, `2.37.1 (Apple Git-137.1)`, `2.41.0.windows.1`. */
export function parseGitVersion(text: string): GitVersion {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`cannot parse git version from "${text.trim()}"`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0), raw: text.trim() };
}

export function versionAtLeast(version: GitVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** `git worktree remove` (and a usable `worktree add`) arrived in 2.17. */
export async function supportsWorktrees(): Promise<boolean> {
  return versionAtLeast(await gitVersion(), 2, 17);
}

/** `git merge-tree --write-tree` (merges without a worktree) arrived in 2.38. */
export async function supportsMergeTreeWriteTree(): Promise<boolean> {
  return versionAtLeast(await gitVersion(), 2, 38);
}

/**
 * Is `name` usable as a branch name? Checked as `refs/heads/<name>` because
 * `check-ref-format --branch` expands `@{-1}` instead of rejecting it; a
 * leading `-` and `HEAD` are refused too, as `git branch` refuses them.
 */
export async function isValidBranchName(cwd: string, name: string): Promise<boolean> {
  if (name === '' || name.startsWith('-') || name === 'HEAD') return false;
  const result = await git(['check-ref-format', `refs/heads/${name}`], { cwd, reject: false });
  return result.exitCode === 0;
}
