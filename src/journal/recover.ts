import { dirname, join, resolve, sep } from 'node:path';
import { BACKUP_REF_PREFIX, BRANCH_PREFIX } from '../workspace/branch-names.js';
import { gitCommonDir } from '../workspace/git.js';
import { defaultWorktreeBase, listWorktrees, pruneStaleWorktrees, repairInterruptedWorktrees, worktreeBaseFor } from '../workspace/worktrees.js';
import { errorMessage } from '../util/errors.js';
import { removeStaleGitLocks } from './git-locks.js';
import { Journal } from './journal.js';
import { reapLeftoverProcesses } from './process-groups.js';

export interface RecoverInput {
  repoRoot: string;
  ralphDir: string;
  /** The run's worktree dir setting (relative to the repository root), or null for the default. */
  worktreeDir: string | null;
  /** Integration branches whose ref lock may be ours (the PRD's branchName). */
  integrationBranches: readonly string[];
}

/** Every directory ralph-wt may have put a worktree in: the configured one, the default one, and any an earlier run's journal names. */
export async function ownedWorktreeDirs(input: Pick<RecoverInput, 'repoRoot' | 'ralphDir' | 'worktreeDir'>): Promise<string[]> {
  // The default base always: an earlier run may have used it before --worktree-dir was set.
  const dirs = new Set<string>([defaultWorktreeBase(input.ralphDir), worktreeBaseFor(input)]);
  const journal = await Journal.load(Journal.pathIn(input.ralphDir)).catch(() => null);
  for (const record of Object.values(journal?.snapshot().stories ?? {})) {
    if (record.worktree) dirs.add(dirname(resolve(record.worktree)));
  }
  const base = journal?.snapshot().worktreeBase;
  if (base) dirs.add(resolve(base));
  return [...dirs];
}

async function journalWorktrees(ralphDirPath: string): Promise<string[]> {
  const journal = await Journal.load(Journal.pathIn(ralphDirPath)).catch(() => null);
  return Object.values(journal?.snapshot().stories ?? {}).flatMap((s) => (s.worktree ? [resolve(s.worktree)] : []));
}

/**
 * Everything under `<ralphDir>` is ralph-wt's own; in a dir the user chose
 * only what the journal names as a story's worktree is.
 */
export function ownsWholeDir(dir: string, ralphDirPath: string): boolean {
  return resolve(dir).startsWith(resolve(ralphDirPath) + sep);
}

/**
 * Run once the run lock is held, before any worktree is touched: makes what
 * an interrupted run (kill -9, power cut, closed terminal) left behind safe
 * to reuse. Stops its agents, gates and setup commands still running (and
 * their `setsid` children working in its worktrees), repairs worktree
 * registrations a killed `git worktree add` left locked, and removes the
 * lock files a killed git left in the run's worktrees and refs. Returns what
 * it did, in words, for warnings.
 */
export async function recoverFromInterruptedRun(input: RecoverInput): Promise<string[]> {
  const notes: string[] = [];
  const dirs = await ownedWorktreeDirs(input);
  const journalPaths = await journalWorktrees(input.ralphDir);
  // Orphans are looked for only where every process is ours: whole dirs under the ralph dir, and in a dir the
  // user chose (`--worktree-dir /tmp` …) only the worktrees the journal names — never the rest of that dir.
  const ownedPlaces = [
    ...dirs.filter((dir) => ownsWholeDir(dir, input.ralphDir)),
    ...journalPaths.filter((path) => !dirs.some((dir) => ownsWholeDir(dir, input.ralphDir) && path.startsWith(resolve(dir) + sep))),
    join(input.ralphDir, 'merge-worktree'),
  ];
  const reaped = await reapLeftoverProcesses(input.ralphDir, ownedPlaces);
  if (reaped.stopped.length > 0) {
    notes.push(`stopped ${reaped.stopped.length} process group(s) an interrupted run left running (pid ${reaped.stopped.map((g) => g.pid).join(', ')})`);
  }
  if (reaped.strays.length > 0) {
    notes.push(`stopped ${reaped.strays.length} orphaned process(es) working in ralph-wt's worktrees (${reaped.strays.map((p) => `${p.comm} pid ${p.pid}`).join(', ')})`);
  }
  for (const group of reaped.unverified) {
    notes.push(`process group ${group.pid} (started in ${group.cwd}) by an interrupted run is still in use but could not be verified as ours; left alone`);
  }
  try {
    const repaired = await repairInterruptedWorktrees(input.repoRoot, dirs);
    if (repaired.length > 0) notes.push(`removed ${repaired.length} half-created worktree(s): ${repaired.join(', ')}`);
  } catch (error) {
    notes.push(`could not check for half-created worktrees: ${errorMessage(error)}`);
  }
  for (const dir of dirs) {
    const pruned = await pruneStaleWorktrees(input.repoRoot, dir, { owned: ownsWholeDir(dir, input.ralphDir) ? 'all' : journalPaths }).catch(() => null);
    if (pruned && pruned.removedDirs.length > 0) notes.push(`removed ${pruned.removedDirs.length} leftover worktree director${pruned.removedDirs.length === 1 ? 'y' : 'ies'} git no longer knew: ${pruned.removedDirs.join(', ')}`);
  }
  const bases = dirs.map((d) => resolve(d));
  const mergeWorktree = join(resolve(input.ralphDir), 'merge-worktree');
  const worktrees = (await listWorktrees(input.repoRoot))
    .map((w) => w.path)
    .filter((path) => resolve(path) === mergeWorktree || bases.some((base) => resolve(path).startsWith(base + sep)));
  const sweep = await removeStaleGitLocks({
    commonDir: await gitCommonDir(input.repoRoot),
    repoRoot: input.repoRoot,
    worktrees,
    // The backup refs move in the same transaction as the integration branch: a kill -9 there leaves their lock too.
    refs: [`refs/heads/${BRANCH_PREFIX}/`, `${BACKUP_REF_PREFIX}/`, ...input.integrationBranches.map((b) => `refs/heads/${b}`)],
  });
  if ('skipped' in sweep) notes.push(sweep.skipped);
  else if (sweep.removed.length > 0) notes.push(`removed ${sweep.removed.length} lock file(s) a killed git left behind: ${sweep.removed.join(', ')}`);
  return notes;
}
