import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageAll } from './commit.js';
import { git } from './git.js';
import type { GitMutex } from './git-mutex.js';
import { listWorktrees, worktreeAt, type WorktreeInfo } from './worktrees.js';

/**
 * Where an agent may leave things. Real agents run `git checkout <branch>`
 * (Ralph's own prompt tells them to check out the PRD's branch), `git switch
 * --ignore-other-worktrees`, `git reset --hard`, and commit wherever HEAD then
 * points. A story's work may only ever be committed on its own branch, and a
 * branch the agent moved must not stay moved. So: branches are read before
 * the agent runs; afterwards HEAD must be the expected branch, descending
 * from the story's base. If it is not, the agent's work (its files, as a diff
 * from the commit it last checked out) is carried back onto the expected
 * branch, and every branch the agent moved is put back.
 */

const ZERO = '0'.repeat(40);

export interface BranchSnapshot {
  /** Every local branch (full ref) and its commit. */
  branches: ReadonlyMap<string, string>;
  /** Entries in the worktree's HEAD reflog: those added later are the agent's. */
  reflogEntries: number;
}

export interface GuardTarget {
  /** The worktree the agent worked in. */
  cwd: string;
  repoRoot: string;
  /** Full ref the worktree must be on: the story branch, or the integration branch in the sequential loop. */
  branch: string;
  /** The commit the story started from: the branch must still descend from it. */
  base: string;
  /** Paths never to take into the story's work (copied-in or the user's untracked files). */
  exclude: readonly string[];
  /** Branches the run itself moves while agents work (integration, story branches): never put back. */
  runMoves: (ref: string) => boolean;
  /**
   * The integration branch when it is not `branch` (a parallel run): the merge
   * lane moves it, so a commit the agent made on it is told apart by its
   * reflog (the lane's moves say `ralph-wt:`).
   */
  integration: string | null;
  mutex: GitMutex;
}

export type GuardOutcome =
  | { ok: true; repaired: string | null; restored: string[] }
  /** The work could not be brought back (it is left in the worktree as the agent left it). */
  | { ok: false; reason: string; restored: string[] };

export async function snapshotBranches(cwd: string): Promise<BranchSnapshot> {
  const [branches, reflog] = await Promise.all([branchValues(cwd), headReflog(cwd)]);
  return { branches, reflogEntries: reflog.length };
}

/** Checks (and if need be repairs) where the agent left HEAD, then puts back the branches it moved. */
export async function enforceHead(target: GuardTarget, before: BranchSnapshot): Promise<GuardOutcome> {
  const { cwd, branch } = target;
  const [symbolic, after] = await Promise.all([symbolicHead(cwd), branchValues(cwd)]);
  const reclaimed = symbolic !== null && symbolic === target.integration ? await putBackIntegration(target, before) : null;
  const tip = after.get(branch) ?? null;
  const tipBefore = before.branches.get(branch) ?? null;
  const descends = tip !== null && (tip === tipBefore || (await isAncestor(cwd, target.base, tip)));
  let repaired: string | null = null;
  let failure: string | null = null;
  if (symbolic !== branch || !descends) {
    const where = symbolic === null ? 'a detached HEAD' : symbolic === branch ? `${short(branch)} moved off ${target.base.slice(0, 12)}` : short(symbolic);
    const result = await bringBack(target, before, { symbolic, tip, descends, tipBefore });
    if (result.ok) repaired = `the agent left its worktree on ${where}; its work was moved back onto ${short(branch)}`;
    else failure = `the agent left its worktree on ${where} and its work could not be moved back onto ${short(branch)}: ${result.why}`;
  }
  // Unless something was moved just now, the branches read above are still current.
  const now = repaired === null && failure === null && reclaimed === null ? after : await branchValues(cwd);
  const restored = [...(reclaimed ? [reclaimed] : []), ...(await restoreMovedBranches(target, before.branches, now))];
  return failure === null ? { ok: true, repaired, restored } : { ok: false, reason: failure, restored };
}

interface Found {
  symbolic: string | null;
  tip: string | null;
  descends: boolean;
  tipBefore: string | null;
}

async function bringBack(target: GuardTarget, before: BranchSnapshot, found: Found): Promise<{ ok: true } | { ok: false; why: string }> {
  const { cwd, branch } = target;
  const start = await checkoutPoint(cwd, before, found);
  if (start === null) return { ok: false, why: 'where its files came from cannot be told (no reflog entry)' };
  // The branch keeps the agent's own commits when they build on the base; otherwise it goes back.
  const onto = found.descends && found.tip !== null ? found.tip : (found.tipBefore ?? target.base);
  const scratch = await mkdtemp(join(tmpdir(), 'ralph-wt-guard-'));
  try {
    const index = { GIT_INDEX_FILE: join(scratch, 'index') };
    // The worktree's files as a tree, seen from the commit the agent last checked out.
    await git(['read-tree', start], { cwd, env: index });
    await stageAll(cwd, target.exclude, index);
    const work = (await git(['write-tree'], { cwd, env: index })).stdout.trim();
    let result = work;
    if (start !== onto) {
      const merged = { GIT_INDEX_FILE: join(scratch, 'merged') };
      await git(['read-tree', '-m', '--aggressive', start, onto, work], { cwd, env: merged });
      const unmerged = (await git(['ls-files', '--unmerged', '-z'], { cwd, env: merged })).stdout;
      if (unmerged !== '') {
        const paths = [...new Set(unmerged.split('\0').filter((l) => l !== '').map((l) => l.slice(l.indexOf('\t') + 1)))];
        return { ok: false, why: `its changes overlap the story branch in ${paths.join(', ')}` };
      }
      result = (await git(['write-tree'], { cwd, env: merged })).stdout.trim();
    }
    if (found.tip !== onto) {
      await git(['update-ref', '-m', 'ralph-wt: story branch put back', branch, onto, found.tip ?? ZERO], { cwd });
    }
    if (found.symbolic !== branch) await git(['symbolic-ref', '-m', 'ralph-wt: back on the story branch', 'HEAD', branch], { cwd });
    // Index and files become the story branch plus the agent's changes; untracked files not in the result stay.
    await git(['read-tree', '--reset', '-u', result], { cwd });
    return { ok: true };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The commit the agent's files derive from: what its last checkout or hard
 * reset moved to (from the worktree's HEAD reflog), else the value the branch
 * HEAD now names had before the agent ran.
 */
async function checkoutPoint(cwd: string, before: BranchSnapshot, found: Found): Promise<string | null> {
  const entries = await headReflog(cwd);
  const added = entries.slice(0, Math.max(0, entries.length - before.reflogEntries));
  const moved = added.find((entry) => /^(checkout|reset|rebase \(finish\)|rebase \(start\)|merge|pull): /.test(entry.subject));
  if (moved) return moved.sha;
  if (found.symbolic !== null) return before.branches.get(found.symbolic) ?? null;
  return found.tipBefore;
}

/**
 * Branches that moved (or vanished) while the agent ran, are not the run's
 * own, and no other checkout holds (a user committing in their checkout moves
 * their branch; that is theirs): put back by compare-and-swap.
 */
async function restoreMovedBranches(target: GuardTarget, before: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): Promise<string[]> {
  const moved = [...before].filter(([ref, sha]) => ref !== target.branch && !target.runMoves(ref) && now.get(ref) !== sha);
  if (moved.length === 0) return [];
  const worktrees = await listWorktrees(target.repoRoot);
  const mine = await worktreeAt(worktrees, target.cwd);
  const restored: string[] = [];
  for (const [ref, sha] of moved) {
    if (heldElsewhere(worktrees, mine, ref)) continue;
    const current = now.get(ref) ?? ZERO;
    const result = await target.mutex.run(() =>
      git(['update-ref', '-m', 'ralph-wt: put back a branch an agent moved', ref, sha, current], { cwd: target.repoRoot, reject: false }),
    );
    if (result.exitCode === 0) restored.push(`${short(ref)} (back at ${sha.slice(0, 12)}${current === ZERO ? ', it had been deleted' : `, was moved to ${current.slice(0, 12)}`})`);
  }
  return restored;
}

/**
 * The agent had the integration branch checked out: commits it made there
 * moved that branch. It goes back to the last value the run gave it (or the
 * one it had when the agent started), by compare-and-swap under the mutex.
 */
async function putBackIntegration(target: GuardTarget, before: BranchSnapshot): Promise<string | null> {
  const ref = target.integration;
  if (ref === null) return null;
  return target.mutex.run(async () => {
    const entries = await reflog(target.cwd, ref);
    const newest = entries[0];
    if (!newest || newest.subject.startsWith('ralph-wt:')) return null;
    const atStart = before.branches.get(ref);
    const last = entries.find((entry) => entry.subject.startsWith('ralph-wt:') || entry.sha === atStart);
    if (!last || last.sha === newest.sha) return null;
    const worktrees = await listWorktrees(target.repoRoot);
    if (heldElsewhere(worktrees, await worktreeAt(worktrees, target.cwd), ref)) return null;
    const result = await git(['update-ref', '-m', 'ralph-wt: put back the integration branch an agent committed on', ref, last.sha, newest.sha], { cwd: target.repoRoot, reject: false });
    return result.exitCode === 0 ? `${short(ref)} (back at ${last.sha.slice(0, 12)}; the agent had committed ${newest.sha.slice(0, 12)} on it)` : null;
  });
}

function heldElsewhere(worktrees: readonly WorktreeInfo[], mine: WorktreeInfo | null, ref: string): boolean {
  return worktrees.some((w) => w !== mine && w.branch === ref);
}

async function branchValues(cwd: string): Promise<Map<string, string>> {
  const { stdout } = await git(['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/heads/'], { cwd });
  const map = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const nul = line.indexOf('\0');
    if (nul > 0) map.set(line.slice(0, nul), line.slice(nul + 1));
  }
  return map;
}

/** The worktree's HEAD reflog, newest first (empty when it has none). */
function headReflog(cwd: string): Promise<{ sha: string; subject: string }[]> {
  return reflog(cwd, 'HEAD');
}

/** A ref's reflog, newest first (empty when it has none). */
async function reflog(cwd: string, ref: string): Promise<{ sha: string; subject: string }[]> {
  const result = await git(['log', '--walk-reflogs', '--format=%H %gs', ref, '--'], { cwd, reject: false });
  if (result.exitCode !== 0) return [];
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => ({ sha: line.slice(0, 40), subject: line.slice(41) }));
}

async function symbolicHead(cwd: string): Promise<string | null> {
  const result = await git(['symbolic-ref', '--quiet', 'HEAD'], { cwd, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

async function isAncestor(cwd: string, ancestor: string, commit: string): Promise<boolean> {
  const result = await git(['merge-base', '--is-ancestor', ancestor, commit], { cwd, reject: false });
  return result.exitCode === 0;
}

function short(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}
