import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleGitLocks } from '../../src/journal/git-locks.js';
import { waitFor } from '../helpers/cli.js';

/**
 * A kill -9 of the run's process group can catch git's automatic maintenance (objects/maintenance.lock) or a branch
 * deletion (packed-refs.lock) mid-write: locks of the shared repository, not of the run's own places. They are
 * removed on resume only when no git that could hold them runs in any worktree of the repository.
 */
describe('stale locks of the shared repository', () => {
  let root = '';
  const holders: ResultPromise[] = [];
  afterEach(async () => {
    await writeFile(join(root, 'release'), '').catch(() => undefined);
    await Promise.allSettled(holders.splice(0));
    await rm(root, { recursive: true, force: true });
  });

  /** A real git process working in `cwd` (an alias running a shell), held until the test writes `release`. */
  async function holdGitIn(cwd: string, name: string): Promise<void> {
    const started = join(root, `${name}.started`);
    const release = join(root, 'release');
    const alias = `!touch "${started}"; until [ -f "${release}" ]; do sleep 0.05; done`;
    holders.push(execa('git', ['-c', `alias.hold=${alias}`, 'hold'], { cwd, stdin: 'ignore', reject: false }));
    await waitFor(async () => existsSync(started), `git in ${name} to start`);
  }

  it('keeps them while a git runs in the repository, removes them once none does (a git in another repository does not count)', async () => {
    root = await mkdtemp(join(tmpdir(), 'ralph-shared-locks-'));
    const repo = join(root, 'repo');
    const other = join(root, 'other');
    await mkdir(repo);
    await mkdir(other);
    await execa('git', ['init', '-q'], { cwd: repo });
    await execa('git', ['init', '-q'], { cwd: other });
    const commonDir = join(repo, '.git');
    const locks = [join(commonDir, 'objects', 'maintenance.lock'), join(commonDir, 'packed-refs.lock')];
    for (const lock of locks) await writeFile(lock, '');
    const places = { commonDir, repoRoot: repo, worktrees: [], refs: [] };

    await holdGitIn(repo, 'repo');
    expect(await removeStaleGitLocks(places)).toEqual({ removed: [] });
    expect(locks.map((l) => existsSync(l))).toEqual([true, true]);

    await writeFile(join(root, 'release'), '');
    await Promise.allSettled(holders.splice(0));
    await rm(join(root, 'release'));
    await holdGitIn(other, 'other');
    expect(await removeStaleGitLocks(places)).toEqual({ removed: locks });
    expect(locks.map((l) => existsSync(l))).toEqual([false, false]);
  });
});
