import { git } from './git.js';

/**
 * Refs beyond reading one: deleting, creating, compare-and-swap moves, and
 * the questions about history the callers ask (ancestry, a commit's subject).
 */

/** Deletes `ref`; with `expected`, only while it still points there. False when git refused. */
export async function deleteRef(cwd: string, ref: string, expected?: string): Promise<boolean> {
  const result = await git(['update-ref', '-d', ref, ...(expected === undefined ? [] : [expected])], { cwd, reject: false });
  return result.exitCode === 0;
}

/** Like deleteRef, but a refusal is an error (a ref the caller just listed must go). */
export async function deleteRefOrThrow(cwd: string, ref: string, expected?: string): Promise<void> {
  await git(['update-ref', '-d', ref, ...(expected === undefined ? [] : [expected])], { cwd });
}

/** Creates `ref` at `sha`; throws when it already exists (update-ref's empty old value). */
export async function createRef(cwd: string, ref: string, sha: string): Promise<void> {
  await git(['update-ref', ref, sha, ''], { cwd });
}

/** Moves `ref` from `from` to `to` in one compare-and-swap; false when it was not at `from`. */
export async function updateRefCas(cwd: string, move: { ref: string; to: string; from: string; message: string }): Promise<boolean> {
  const result = await git(['update-ref', '-m', move.message, move.ref, move.to, move.from], { cwd, reject: false });
  return result.exitCode === 0;
}

/** Is `ancestor` reachable from `descendant` (or the same commit)? False also when either is unknown. */
export async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await git(['merge-base', '--is-ancestor', ancestor, descendant], { cwd, reject: false });
  return result.exitCode === 0;
}

/** Full names of the refs under `prefix` (e.g. `refs/ralph-wt/backup/`). */
export async function refsUnder(cwd: string, prefix: string): Promise<string[]> {
  const { stdout } = await git(['for-each-ref', '--format=%(refname)', prefix], { cwd });
  return stdout.split('\n').filter(Boolean);
}

/** The subject line of `rev`'s commit, or null when it names none. */
export async function commitSubject(cwd: string, rev: string): Promise<string | null> {
  const result = await git(['log', '-1', '--format=%s', rev], { cwd, reject: false });
  return result.exitCode === 0 ? result.stdout : null;
}

/** The first `count` lines of `git log --graph --oneline --decorate`, for showing a user. */
export async function historyGraph(cwd: string, count: number): Promise<string> {
  const { stdout } = await git(['log', '--graph', '--oneline', '--decorate', '-n', String(count)], { cwd });
  return stdout;
}

/**
 * Would `git checkout -b <name>` / `git branch <name>` take this name? git's
 * own check (`check-ref-format --branch`), as the user would meet it.
 */
export async function isBranchNameAccepted(cwd: string, name: string): Promise<boolean> {
  const result = await git(['check-ref-format', '--branch', name], { cwd, reject: false });
  return result.exitCode === 0;
}
