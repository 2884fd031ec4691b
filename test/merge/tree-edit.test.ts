import { git } from '../../src/workspace/git.js';
import { editTree, hashChanges } from '../../src/merge/tree-edit.js';
import { makeRepo, useTestGitEnv, type TestRepo } from '../workspace/helpers.js';

useTestGitEnv();

async function listing(cwd: string, tree: string): Promise<string> {
  return (await git(['ls-tree', '-r', tree], { cwd })).stdout;
}

async function show(cwd: string, tree: string, path: string): Promise<string> {
  return (await git(['cat-file', 'blob', `${tree}:${path}`], { cwd, keepFinalNewline: true })).stdout;
}

describe('editTree', () => {
  let repo: TestRepo;
  let tree: string;
  beforeEach(async () => {
    repo = await makeRepo({ 'prd.json': '{}\n', 'progress.txt': 'old\n', 'src/a.ts': 'a\n', 'run.sh': '#!/bin/sh\n' });
    await git(['update-index', '--chmod=+x', 'run.sh'], { cwd: repo.dir });
    await git(['commit', '-q', '-m', 'exec bit'], { cwd: repo.dir });
    tree = (await git(['rev-parse', 'HEAD^{tree}'], { cwd: repo.dir })).stdout.trim();
  });
  afterEach(() => repo.cleanup());

  it('replaces, adds and deletes top-level files and keeps everything else as it was (mktree route)', async () => {
    const edited = await editTree(repo.dir, tree, [
      { path: 'prd.json', content: '{"a":1}\n' },
      { path: 'notes.md', content: 'new\n' },
      { path: 'progress.txt', content: null },
    ]);
    expect(await show(repo.dir, edited, 'prd.json')).toBe('{"a":1}\n');
    expect(await show(repo.dir, edited, 'notes.md')).toBe('new\n');
    const after = await listing(repo.dir, edited);
    expect(after).not.toContain('progress.txt');
    // Subtrees and modes are untouched.
    expect(after).toMatch(/^100755 blob \w+\trun\.sh$/m);
    expect(after).toMatch(/\tsrc\/a\.ts$/m);
  });

  it('gives the same tree through the index route for nested paths as the mktree route does at the top', async () => {
    const viaMktree = await editTree(repo.dir, tree, [{ path: 'prd.json', content: 'x\n' }]);
    const viaIndex = await editTree(repo.dir, tree, [
      { path: 'prd.json', content: 'x\n' },
      { path: 'src/a.ts', content: 'a\n' },
    ]);
    expect(viaIndex).toBe(viaMktree);
    const nested = await editTree(repo.dir, tree, [{ path: 'src/deep/b.ts', content: 'b\n' }]);
    expect(await show(repo.dir, nested, 'src/deep/b.ts')).toBe('b\n');
  });

  it('uses blobs written beforehand (hashChanges) without writing them again', async () => {
    const [hashed] = await hashChanges(repo.dir, [{ path: 'prd.json', content: '{"b":2}\n' }]);
    expect(hashed?.oid).toMatch(/^[0-9a-f]{40}$/);
    const edited = await editTree(repo.dir, tree, hashed ? [hashed] : []);
    expect(await show(repo.dir, edited, 'prd.json')).toBe('{"b":2}\n');
    expect(await editTree(repo.dir, tree, [])).toBe(tree);
  });
});
