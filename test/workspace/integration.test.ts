import { join } from 'node:path';
import { git, revParse } from '../../src/workspace/git.js';
import { mergeTrees } from '../../src/workspace/merge-tree.js';
import { GitMutex } from '../../src/workspace/git-mutex.js';
import {
  commitTree,
  ensureBranch,
  readRef,
  RefConflictError,
  updateRefWithBackup,
} from '../../src/workspace/integration.js';
import { InputError } from '../../src/util/errors.js';
import { commitFiles, makeRepo, tempDir, useTestGitEnv, type TestRepo } from './helpers.js';
import { rm } from 'node:fs/promises';

useTestGitEnv();

const BASE_FILE = 'line 1\nline 2\nline 3\nline 4\nline 5\n';

describe('integration branch', () => {
  let repo: TestRepo;
  const mutex = new GitMutex();

  beforeEach(async () => {
    repo = await makeRepo({ 'shared.txt': BASE_FILE, 'other.txt': 'other\n' });
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  /** Commit files on a new branch from `from` without moving the main checkout. */
  async function branchWith(name: string, from: string, files: Record<string, string>): Promise<string> {
    await git(['branch', name, from], { cwd: repo.dir });
    const parent = await tempDir();
    const wt = join(parent, 'wt');
    await git(['worktree', 'add', '-q', wt, name], { cwd: repo.dir });
    try {
      return await commitFiles(wt, files, `work on ${name}`);
    } finally {
      await git(['worktree', 'remove', '--force', wt], { cwd: repo.dir });
      await rm(parent, { recursive: true, force: true });
    }
  }

  it('ensureBranch creates the branch at HEAD without checking it out, then reuses it', async () => {
    expect(await ensureBranch(repo.dir, 'ralph/feature')).toEqual({ sha: repo.initial, created: true });
    expect((await git(['symbolic-ref', '--short', 'HEAD'], { cwd: repo.dir })).stdout).toBe('main');
    await commitFiles(repo.dir, { 'more.txt': 'x' }, 'more');
    expect(await ensureBranch(repo.dir, 'ralph/feature')).toEqual({ sha: repo.initial, created: false });
    await expect(ensureBranch(repo.dir, '-rf')).rejects.toBeInstanceOf(InputError);
    await expect(ensureBranch(repo.dir, 'bad..name')).rejects.toBeInstanceOf(InputError);
  });

  it('ensureBranch explains an empty repository', async () => {
    const empty = await tempDir();
    try {
      await git(['init', '-q', empty], { cwd: empty });
      await expect(ensureBranch(empty, 'ralph/x')).rejects.toThrow(/no commits/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('merges cleanly with merge-tree + commit-tree, then moves the ref with a backup', async () => {
    await ensureBranch(repo.dir, 'ralph/feature');
    const a = await branchWith('story-a', 'ralph/feature', { 'shared.txt': BASE_FILE.replace('line 1', 'line 1 (a)') });
    const b = await branchWith('story-b', 'ralph/feature', { 'shared.txt': BASE_FILE.replace('line 5', 'line 5 (b)'), 'b.txt': 'b\n' });

    // First story: the integration branch has not moved, merge is trivial.
    const first = await mergeTrees(repo.dir, 'ralph/feature', a);
    expect(first.clean).toBe(true);
    const firstCommit = await commitTree(repo.dir, first.tree ?? '', [repo.initial, a], 'Merge story-a');
    await updateRefWithBackup({
      repoRoot: repo.dir,
      ref: 'refs/heads/ralph/feature',
      newSha: firstCommit,
      expectedOldSha: repo.initial,
      backupRef: 'refs/ralph-wt/backup/s/story-a',
      mutex,
    });
    expect(await readRef(repo.dir, 'refs/ralph-wt/backup/s/story-a')).toBe(repo.initial);

    // Second story touches other lines of the same file: clean three-way merge.
    const second = await mergeTrees(repo.dir, firstCommit, b);
    expect(second).toMatchObject({ clean: true, conflicts: [] });
    const secondCommit = await commitTree(repo.dir, second.tree ?? '', [firstCommit, b], 'Merge story-b');
    await updateRefWithBackup({
      repoRoot: repo.dir,
      ref: 'refs/heads/ralph/feature',
      newSha: secondCommit,
      expectedOldSha: firstCommit,
      backupRef: 'refs/ralph-wt/backup/s/story-b',
      mutex,
      message: 'ralph-wt: merge story-b',
    });
    const merged = (await git(['show', 'ralph/feature:shared.txt'], { cwd: repo.dir })).stdout;
    expect(merged).toContain('line 1 (a)');
    expect(merged).toContain('line 5 (b)');
    expect((await git(['rev-list', '--parents', '-n', '1', 'ralph/feature'], { cwd: repo.dir })).stdout).toBe(
      `${secondCommit} ${firstCommit} ${b}`,
    );
    expect((await git(['reflog', '-1', '--format=%gs', 'ralph/feature'], { cwd: repo.dir })).stdout).toBe('ralph-wt: merge story-b');
  });

  it('reports conflicted files without writing anything to the branch', async () => {
    await ensureBranch(repo.dir, 'ralph/feature');
    const a = await branchWith('story-a', 'ralph/feature', { 'shared.txt': BASE_FILE.replace('line 3', 'A'), 'x y.txt': 'a\n' });
    const b = await branchWith('story-b', 'ralph/feature', { 'shared.txt': BASE_FILE.replace('line 3', 'B'), 'x y.txt': 'b\n', 'ok.txt': 'b\n' });
    const result = await mergeTrees(repo.dir, a, b);
    expect(result.clean).toBe(false);
    expect(result.conflicts.map((c) => c.path).sort()).toEqual(['shared.txt', 'x y.txt']);
    // Each conflicted path comes with its stages, so it can be resolved from the objects; an add/add has no base.
    const byPath = new Map(result.conflicts.map((c) => [c.path, c]));
    expect(byPath.get('shared.txt')).toMatchObject({ base: expect.anything(), ours: expect.anything(), theirs: expect.anything() });
    expect(byPath.get('x y.txt')).toMatchObject({ base: null, ours: expect.anything(), theirs: expect.anything() });
    const withMarkers = (await git(['show', `${result.tree}:shared.txt`], { cwd: repo.dir })).stdout;
    expect(withMarkers).toContain('<<<<<<<');
    expect(await revParse(repo.dir, 'ralph/feature')).toBe(repo.initial);
  });

  it('throws for unrelated histories and unknown revisions', async () => {
    await git(['checkout', '-q', '--orphan', 'lonely'], { cwd: repo.dir });
    const lonely = await commitFiles(repo.dir, { 'z.txt': 'z' }, 'lonely');
    await expect(mergeTrees(repo.dir, 'main', lonely)).rejects.toThrow();
    await expect(mergeTrees(repo.dir, 'main', 'no-such-rev')).rejects.toThrow();
  });

  it('a failed compare-and-swap leaves the ref exactly where it was', async () => {
    await ensureBranch(repo.dir, 'ralph/feature');
    const a = await branchWith('story-a', 'ralph/feature', { 'a.txt': 'a' });
    const moved = await branchWith('elsewhere', 'ralph/feature', { 'm.txt': 'm' });
    // Someone else moved the integration branch after we read it.
    await git(['update-ref', 'refs/heads/ralph/feature', moved], { cwd: repo.dir });
    const error = await updateRefWithBackup({
      repoRoot: repo.dir,
      ref: 'refs/heads/ralph/feature',
      newSha: a,
      expectedOldSha: repo.initial,
      backupRef: 'refs/ralph-wt/backup/s/a',
      mutex,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefConflictError);
    expect((error as RefConflictError).actual).toBe(moved);
    expect(await revParse(repo.dir, 'ralph/feature')).toBe(moved);
    expect(await readRef(repo.dir, 'refs/ralph-wt/backup/s/a')).toBeNull();
  });
});
