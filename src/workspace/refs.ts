import { git } from './git.js';

/**
 * Refs beyond reading one: deleting, creating, compare-and-swap moves, and
 * the questions about history the callers ask (ancestry, a commit's subject).
 */

/** Deletes `ref`; with `expected`, only while it still points there. False when git refused. `reason` goes to the reflog. */
export async function deleteRef(cwd: string, ref: string, expected?: string, reason?: string): Promise<boolean> {
  const args = ['update-ref', ...(reason === undefined ? [] : ['-m', reason]), '-d', ref, ...(expected === undefined ? [] : [expected])];
  const result = await git(args, { cwd, reject: false });
  return result.exitCode === 0;
}

/**
 * Deletes each ref while it is still at the tip given: all in one
 * transaction, or, when any of them moved, one by one (the moved ones stay).
 */
export async function deleteRefsAt(cwd: string, refs: readonly RefTip[], reason: string): Promise<void> {
  if (refs.length === 0) return;
  const input = refs.map(({ ref, sha }) => `delete ${ref} ${sha}\n`).join('');
  const all = await git(['update-ref', '-m', reason, '--stdin'], { cwd, input, reject: false });
  if (all.exitCode === 0) return;
  for (const { ref, sha } of refs) await deleteRef(cwd, ref, sha, reason);
}

export interface RefTip {
  ref: string;
  sha: string;
}

/** Every ref under `prefix` with the commit it points at. */
export async function refTipsUnder(cwd: string, prefix: string): Promise<RefTip[]> {
  const { stdout } = await git(['for-each-ref', '--format=%(refname) %(objectname)', prefix], { cwd });
  return stdout
    .split('\n')
    .map((line) => line.split(' '))
    .flatMap((parts) => (parts.length === 2 && parts[0] && parts[1] ? [{ ref: parts[0], sha: parts[1] }] : []));
}

/** Points branch `name` at `tip`, created or moved (`git branch --force`). */
export async function forceBranch(cwd: string, name: string, tip: string): Promise<void> {
  await git(['branch', '--force', name, tip], { cwd });
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
