import { join, resolve, sep } from 'node:path';
import { readLock } from '../../journal/lock.js';
import { Journal } from '../../journal/journal.js';
import { ownedWorktreeDirs, ownsWholeDir, recoverFromInterruptedRun } from '../../journal/recover.js';
import { InputError } from '../../util/errors.js';
import { BACKUP_REF_PREFIX, BRANCH_PREFIX } from '../../workspace/branch-names.js';
import { listBranches } from '../../workspace/branches.js';
import { GitMutex } from '../../workspace/git-mutex.js';
import { deleteRefOrThrow, refsUnder } from '../../workspace/refs.js';
import { forceRemoveWorktree, pruneWorktrees, unlockWorktree } from '../../workspace/worktree-commands.js';
import { leftoverWorktreeDirs, listWorktrees, pruneStaleWorktrees, ralphDir } from '../../workspace/worktrees.js';
import { gitRepoRootOf } from '../repo-root.js';
import { classifyKeptBranches, describeKept } from './kept-branches.js';

/**
 * `ralph-wt clean`: removes ralph-wt's worktrees and temporary story branches.
 * Conflict branches (kept work) and backup refs survive unless `--all`; the
 * integration branch is never touched. Worktrees are found wherever a run
 * put them (a custom --worktree-dir is recorded in the journal) and by their
 * branch, so none stays registered on a branch clean deleted.
 */
export async function cleanCommand(flags: { all?: boolean | undefined; dryRun?: boolean | undefined }, cwd: string): Promise<number> {
  const root = await gitRepoRootOf(cwd);
  const dir = await ralphDir(root);
  const lock = await readLock(dir);
  if (lock?.holder && lock.alive === true) {
    throw new InputError(`a ralph-wt run (pid ${lock.holder.pid}) is in progress; stop it before cleaning`);
  }
  const mutex = new GitMutex();
  const say = (text: string): void => {
    process.stdout.write(`${flags.dryRun ? '(dry run) ' : ''}${text}\n`);
  };
  const journal = (await Journal.load(Journal.pathIn(dir)).catch(() => null))?.snapshot() ?? null;
  const dirs = await ownedWorktreeDirs({ repoRoot: root, ralphDir: dir, worktreeDir: null });
  const branches = (await listBranches(root, BRANCH_PREFIX)).filter((b) => flags.all || !b.name.includes('--conflicts/'));
  const doomed = new Set(branches.map((b) => `refs/heads/${b.name}`));
  const journalPaths = Object.values(journal?.stories ?? {}).flatMap((s) => (s.worktree ? [resolve(s.worktree)] : []));

  if (flags.dryRun) {
    for (const path of await worktreesToRemove(root, dir, dirs, doomed)) say(`would remove worktree ${path}`);
    for (const base of dirs) for (const path of await leftoverWorktreeDirs(root, base, { owned: ownsWholeDir(base, dir) ? 'all' : journalPaths })) say(`would remove directory ${path}`);
  } else {
    const notes = await recoverFromInterruptedRun({ repoRoot: root, ralphDir: dir, worktreeDir: null, integrationBranches: journal ? [journal.integrationBranch] : [] });
    for (const note of notes) say(note);
    const registered = await worktreesToRemove(root, dir, dirs, doomed);
    await mutex.run(async () => {
      for (const path of registered) {
        await unlockWorktree(root, path);
        await forceRemoveWorktree(root, path, { evenLocked: true });
      }
    });
    for (const path of registered) say(`removed worktree ${path}`);
    for (const base of dirs) {
      const pruned = await pruneStaleWorktrees(root, base, { mutex, owned: ownsWholeDir(base, dir) ? 'all' : journalPaths });
      for (const path of pruned.removedDirs) say(`removed directory ${path}`);
    }
    await pruneWorktrees(root);
  }
  for (const branch of branches) {
    if (!flags.dryRun) await deleteRefOrThrow(root, `refs/heads/${branch.name}`, branch.sha);
    say(`${flags.dryRun ? 'would delete' : 'deleted'} branch ${branch.name} (was ${branch.sha.slice(0, 10)})`);
  }
  if (flags.all) {
    for (const ref of await refsUnder(root, `${BACKUP_REF_PREFIX}/`)) {
      if (!flags.dryRun) await deleteRefOrThrow(root, ref);
      say(`${flags.dryRun ? 'would delete' : 'deleted'} backup ref ${ref}`);
    }
  }
  const kept = (await listBranches(root, BRANCH_PREFIX)).filter((b) => b.name.includes('--conflicts/'));
  if (kept.length > 0 && !flags.all) say(describeKept(await classifyKeptBranches(root, dir, kept)));
  return 0;
}


/** Registered worktrees under one of `dirs`, the merge worktree, or on a branch about to be deleted (wherever they are). */
async function worktreesToRemove(root: string, ralphDirPath: string, dirs: readonly string[], doomedBranches: ReadonlySet<string>): Promise<string[]> {
  const bases = dirs.map((d) => resolve(d) + sep);
  const exact = new Set([join(resolve(ralphDirPath), 'merge-worktree')]);
  const mainCheckout = resolve(root);
  const out: string[] = [];
  for (const entry of await listWorktrees(root)) {
    const path = resolve(entry.path);
    if (path === mainCheckout || entry.bare) continue;
    if (exact.has(path) || bases.some((b) => path.startsWith(b)) || (entry.branch !== null && doomedBranches.has(entry.branch))) out.push(entry.path);
  }
  return out;
}
