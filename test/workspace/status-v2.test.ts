import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../../src/workspace/git.js';
import { parseStatusV2 } from '../../src/workspace/status-v2.js';
import { commitFiles, makeRepo, tempDir, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

async function v2(cwd: string, renames = false): Promise<string> {
  const args = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', ...(renames ? [] : ['--no-renames'])];
  return (await git(args, { cwd })).stdout;
}

/** The same question in the v1 format, parsed the simple way: the oracle. */
async function v1Paths(cwd: string): Promise<string[]> {
  const { stdout } = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], { cwd });
  return stdout.split('\0').filter((e) => e.length > 3).map((e) => e.slice(3));
}

describe('parseStatusV2', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'dir with space/c.txt': 'c\n', 'gone.txt': 'x\n' });
  });
  afterEach(() => repo.cleanup());

  it('gives HEAD and the same paths as v1: modified, staged, deleted, untracked, spaces and unicode in names', async () => {
    await writeFile(join(repo.dir, 'a.txt'), 'changed\n');
    await writeFile(join(repo.dir, 'b.txt'), 'staged\n');
    await git(['add', 'b.txt'], { cwd: repo.dir });
    await rm(join(repo.dir, 'gone.txt'));
    await writeFile(join(repo.dir, 'dir with space', 'new file.txt'), 'n\n');
    await writeFile(join(repo.dir, 'ünïcode név.txt'), 'u\n');
    const status = parseStatusV2(await v2(repo.dir));
    expect(status.head).toBe((await git(['rev-parse', 'HEAD'], { cwd: repo.dir })).stdout.trim());
    expect(status.paths.sort()).toEqual((await v1Paths(repo.dir)).sort());
    expect(status.paths).toContain('dir with space/new file.txt');
    expect(status.paths).toContain('ünïcode név.txt');
  });

  it('lists unmerged paths, as v1 does', async () => {
    await git(['checkout', '-q', '-b', 'side'], { cwd: repo.dir });
    await commitFiles(repo.dir, { 'a.txt': 'side\n' }, 'side');
    await git(['checkout', '-q', 'main'], { cwd: repo.dir });
    await commitFiles(repo.dir, { 'a.txt': 'main\n' }, 'main');
    await git(['merge', 'side'], { cwd: repo.dir, reject: false });
    const status = parseStatusV2(await v2(repo.dir));
    expect(status.paths).toEqual(await v1Paths(repo.dir));
    expect(status.paths).toEqual(['a.txt']);
  });

  it('gives both paths of a rename when renames are detected', async () => {
    await git(['mv', 'b.txt', 'renamed b.txt'], { cwd: repo.dir });
    const status = parseStatusV2(await v2(repo.dir, true));
    expect(status.paths).toEqual(['renamed b.txt', 'b.txt']);
  });

  it('a clean tree has no paths; an unborn branch has no HEAD', async () => {
    expect(parseStatusV2(await v2(repo.dir)).paths).toEqual([]);
    const empty = await tempDir();
    await git(['init', '-q', '-b', 'main', empty], { cwd: empty });
    await writeFile(join(empty, 'x.txt'), 'x\n');
    expect(parseStatusV2(await v2(empty))).toEqual({ head: null, paths: ['x.txt'] });
  });
});
