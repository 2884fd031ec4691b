import { git } from '../../src/workspace/git.js';
import { editTree, hashChanges } from '../../src/merge/tree-edit.js';
import { readBlobsAt, readBlobsUpTo } from '../../src/workspace/git-objects.js';
import { parseTreeObject, TreeWriter } from '../../src/workspace/tree-writer.js';
import { commitFiles, makeRepo, useTestGitEnv, type TestRepo } from '../workspace/helpers.js';

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

describe('TreeWriter (long-lived git processes for the merge lane)', () => {
  let repo: TestRepo;
  let writer: TreeWriter;
  beforeEach(async () => {
    repo = await makeRepo({ 'prd.json': '{}\n', 'progress.txt': 'old\n', 'src/a.ts': 'a\n' });
    writer = new TreeWriter(repo.dir);
  });
  afterEach(async () => {
    await writer.close();
    await repo.cleanup();
  });

  it('edits give the very tree the one-shot commands give, over many requests to the same processes', async () => {
    let tree = (await git(['rev-parse', 'HEAD^{tree}'], { cwd: repo.dir })).stdout.trim();
    let oneShot = tree;
    for (let i = 0; i < 5; i += 1) {
      const changes = [
        { path: 'progress.txt', content: `entry ${i}\n` },
        { path: 'prd.json', content: `{"n":${i}}\n` },
      ];
      tree = await editTree(repo.dir, tree, changes, writer);
      oneShot = await editTree(repo.dir, oneShot, changes);
      expect(tree).toBe(oneShot);
    }
    expect(await show(repo.dir, tree, 'progress.txt')).toBe('entry 4\n');
  });

  it('writes blobs asked for at the same time, each under its own id (the staging files are reused one write at a time)', async () => {
    const batches = [['one\n', 'two\n'], ['three\n'], ['a longer content\n'.repeat(50), 'x'], ['short\n']];
    const written = await Promise.all(batches.map((batch) => writer.writeBlobs(batch)));
    for (const [i, batch] of batches.entries()) {
      for (const [j, content] of batch.entries()) {
        const expected = (await git(['hash-object', '--stdin'], { cwd: repo.dir, input: content })).stdout.trim();
        expect(written[i]?.[j]).toBe(expected);
        expect((await git(['cat-file', 'blob', expected], { cwd: repo.dir, keepFinalNewline: true })).stdout).toBe(content);
      }
    }
  });

  it('lists a top level like ls-tree does (modes, types, subtrees)', async () => {
    const tree = (await git(['rev-parse', 'HEAD^{tree}'], { cwd: repo.dir })).stdout.trim();
    const lsTree = (await git(['ls-tree', tree], { cwd: repo.dir })).stdout.split('\n');
    expect(await writer.topLevel(tree)).toEqual(lsTree);
  });

  it('reads many rev:path blobs in one request, byte-exact; no blob (missing, a tree) is null', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x0a, 0x41]);
    await commitFiles(repo.dir, { 'bin.dat': bytes.toString('latin1'), 'weird\nname.txt': 'nl\n' }, 'more');
    const specs = ['HEAD:src/a.ts', 'HEAD:nope.ts', 'HEAD:src', 'HEAD:progress.txt', 'HEAD:prd.json'];
    const blobs = await readBlobsAt(repo.dir, specs);
    expect(blobs.map((b) => b?.toString('utf8') ?? null)).toEqual(['a\n', null, null, 'old\n', '{}\n']);
    // A path with a newline cannot go through the batch protocol; it is still read.
    expect((await readBlobsAt(repo.dir, ['HEAD:weird\nname.txt', 'HEAD:src/a.ts'])).map((b) => b?.toString('utf8'))).toEqual(['nl\n', 'a\n']);
    const [bin] = await readBlobsAt(repo.dir, ['HEAD:bin.dat']);
    expect(bin).toEqual(Buffer.from(bytes.toString('latin1'), 'utf8'));
  });

  it('a reader of text gets the size of a blob over its limit instead of its bytes, and the rest in order', async () => {
    await commitFiles(repo.dir, { 'big.txt': 'x'.repeat(5000), 'weird\nbig.txt': 'y'.repeat(5000) }, 'big');
    const specs = ['HEAD:src/a.ts', 'HEAD:big.txt', 'HEAD:nope.ts', 'HEAD:src', 'HEAD:prd.json'];
    const read = await readBlobsUpTo(repo.dir, specs, 4096);
    expect(read.map((b) => (Buffer.isBuffer(b) ? b.toString('utf8') : b))).toEqual(['a\n', { oversized: 5000 }, null, null, '{}\n']);
    const odd = await readBlobsUpTo(repo.dir, ['HEAD:weird\nbig.txt', 'HEAD:src/a.ts'], 4096);
    expect(odd.map((b) => (Buffer.isBuffer(b) ? b.toString('utf8') : b))).toEqual([{ oversized: 5000 }, 'a\n']);
  });

  it('a read ends when its signal aborts: no answer, an error', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readBlobsAt(repo.dir, ['HEAD:src/a.ts'], controller.signal)).rejects.toThrow(/interrupted/);
  });

  it('after its processes are gone, edits still work the one-shot way', async () => {
    const tree = (await git(['rev-parse', 'HEAD^{tree}'], { cwd: repo.dir })).stdout.trim();
    await writer.topLevel(tree);
    await writer.close();
    const broken = new TreeWriter('/nonexistent-dir-for-ralph-wt-test');
    const edited = await editTree(repo.dir, tree, [{ path: 'prd.json', content: 'x\n' }], broken);
    expect(await show(repo.dir, edited, 'prd.json')).toBe('x\n');
    await broken.close().catch(() => undefined);
  });

  it('a closed writer starts a new process on the next read', async () => {
    const tree = (await git(['rev-parse', 'HEAD^{tree}'], { cwd: repo.dir })).stdout.trim();
    const lsTree = (await git(['ls-tree', tree], { cwd: repo.dir })).stdout.split('\n');
    const writer2 = new TreeWriter(repo.dir);
    await writer2.topLevel(tree);
    await writer2.close();
    expect(await writer2.topLevel(tree)).toEqual(lsTree);
    await writer2.close();
  });
});

describe('parseTreeObject', () => {
  it('reads SHA-1 and SHA-256 sized entries, padding directory modes as ls-tree prints them', () => {
    const entry = (mode: string, name: string, oid: Buffer): Buffer => Buffer.concat([Buffer.from(`${mode} ${name}\0`), oid]);
    const sha1 = Buffer.alloc(20, 0xab);
    const sha256 = Buffer.alloc(32, 0xcd);
    expect(parseTreeObject(Buffer.concat([entry('100644', 'a.txt', sha1), entry('40000', 'src', sha1)]), 20)).toEqual([
      `100644 blob ${'ab'.repeat(20)}\ta.txt`,
      `040000 tree ${'ab'.repeat(20)}\tsrc`,
    ]);
    expect(parseTreeObject(entry('160000', 'vendor', sha256), 32)).toEqual([`160000 commit ${'cd'.repeat(32)}\tvendor`]);
  });
});
