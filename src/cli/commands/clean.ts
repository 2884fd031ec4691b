import { readLock } from '../../journal/lock.js';
import { InputError } from '../../util/errors.js';
import { BACKUP_REF_PREFIX, BRANCH_PREFIX } from '../../workspace/branch-names.js';
import { listBranches } from '../../workspace/branches.js';
import { git } from '../../workspace/git.js';
import { GitMutex } from '../../workspace/git-mutex.js';
import { defaultWorktreeBase, pruneStaleWorktrees, ralphDir } from '../../workspace/worktrees.js';
import { join } from 'node:path';
import { gitRepoRootOf } from '../repo-root.js';
import { classifyKeptBranches, describeKept } from './kept-branches.js';

/**
 * `ralph-wt clean`: removes ralph-wt's worktrees and temporary story branches.
 * Conflict branches (kept work) and backup refs survive unless `--all`; the
 * integration branch is never touched.
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
  const branches = (await listBranches(root, BRANCH_PREFIX)).filter((b) => flags.all || !b.name.includes('--conflicts/'));
  if (!flags.dryRun) {
    const worktrees = await pruneStaleWorktrees(root, defaultWorktreeBase(dir), { mutex, removeRegistered: true });
    const mergeWorktree = join(dir, 'merge-worktree');
    await git(['worktree', 'remove', '--force', mergeWorktree], { cwd: root, reject: false });
    await git(['worktree', 'prune'], { cwd: root });
    for (const path of [...worktrees.removedWorktrees, ...worktrees.removedDirs]) say(`removed worktree ${path}`);
  }
  for (const branch of branches) {
    if (!flags.dryRun) await git(['update-ref', '-d', `refs/heads/${branch.name}`, branch.sha], { cwd: root });
    say(`deleted branch ${branch.name} (was ${branch.sha.slice(0, 10)})`);
  }
  if (flags.all) {
    const { stdout } = await git(['for-each-ref', '--format=%(refname)', `${BACKUP_REF_PREFIX}/`], { cwd: root });
    for (const ref of stdout.split('\n').filter(Boolean)) {
      if (!flags.dryRun) await git(['update-ref', '-d', ref], { cwd: root });
      say(`deleted backup ref ${ref}`);
    }
  }
  const kept = (await listBranches(root, BRANCH_PREFIX)).filter((b) => b.name.includes('--conflicts/'));
  if (kept.length > 0 && !flags.all) say(describeKept(await classifyKeptBranches(root, dir, kept)));
  return 0;
}
