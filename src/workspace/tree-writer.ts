import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitStream, lineAnswer } from './git-stream.js';
import { benchWithout } from './bench-switches.js';
import { batchAnswer } from './git-objects.js';

/**
 * The object access of the merge lane — new blobs, a tree's top-level
 * listing, a new top-level tree, the files reconciliation reads — through
 * three long-lived git processes (`hash-object --stdin-paths`,
 * `cat-file --batch`, `mktree --batch`) instead of three processes per
 * merge. Started on first use, closed with the run.
 */
export class TreeWriter {
  #hash: GitStream | null = null;
  #cat: GitStream | null = null;
  #mktree: GitStream | null = null;
  #staging: Promise<string> | null = null;
  #blobWrites: Promise<unknown> = Promise.resolve();

  constructor(private readonly repoRoot: string) {}

  /** Writes each content as a blob; returns their ids in order. */
  async writeBlobs(contents: readonly string[]): Promise<string[]> {
    if (contents.length === 0) return [];
    if (benchWithout('streams')) throw new Error('streams off');
    // One write at a time: the staging files are reused, and the stream answers in order anyway.
    const write = this.#blobWrites.then(() => this.#writeBlobs(contents));
    this.#blobWrites = write.catch(() => undefined);
    return write;
  }

  async #writeBlobs(contents: readonly string[]): Promise<string[]> {
    // hash-object --stdin-paths reads files: the contents are staged in one directory for the run,
    // rewritten in place (a new file per blob would cost a file creation and a deletion per merge).
    this.#staging ??= mkdtemp(join(tmpdir(), 'ralph-wt-blobs-'));
    const dir = await this.#staging;
    this.#hash ??= new GitStream(['hash-object', '-w', '--no-filters', '--stdin-paths'], this.repoRoot);
    const stream = this.#hash;
    const oids: string[] = [];
    for (const [i, content] of contents.entries()) {
      const path = join(dir, `blob-${i}`);
      await writeFile(path, content);
      oids.push(await stream.request(`${path}\n`, lineAnswer));
    }
    return oids;
  }

  /** The top level of `tree` as `git ls-tree` records (`<mode> <type> <oid>\t<name>`). */
  async topLevel(tree: string): Promise<string[]> {
    if (benchWithout('streams')) throw new Error('streams off');
    const body = await this.#catFile().request(`${tree}\n`, batchAnswer);
    if (body.type !== 'tree') throw new Error(`${tree} is a ${body.type}, not a tree`);
    return parseTreeObject(body.content, tree.length / 2);
  }

  #catFile(): GitStream {
    this.#cat ??= new GitStream(['cat-file', '--batch'], this.repoRoot);
    return this.#cat;
  }

  /** Writes a top-level tree from ls-tree records; returns its id. */
  async makeTree(records: readonly string[]): Promise<string> {
    this.#mktree ??= new GitStream(['mktree', '-z', '--batch'], this.repoRoot);
    // In -z mode each record ends with NUL and an empty record ends the tree.
    return this.#mktree.request(`${records.map((r) => `${r}\0`).join('')}\0`, lineAnswer);
  }

  async close(): Promise<void> {
    const streams = [this.#hash, this.#cat, this.#mktree].filter((s): s is GitStream => s !== null);
    const staging = this.#staging;
    this.#hash = this.#cat = this.#mktree = null;
    this.#staging = null;
    await Promise.all(streams.map((s) => s.close()));
    if (staging) await staging.then((dir) => rm(dir, { recursive: true, force: true }), () => undefined);
  }
}

/**
 * A raw tree object as ls-tree records. Entries are `<octal mode> <name>\0`
 * followed by the raw object id (20 bytes for SHA-1, 32 for SHA-256).
 */
export function parseTreeObject(content: Buffer, oidBytes: number): string[] {
  const records: string[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space);
    if (space === -1 || nul === -1) throw new Error('malformed tree object');
    const mode = content.subarray(at, space).toString('utf8').padStart(6, '0');
    const name = content.subarray(space + 1, nul).toString('utf8');
    const oid = content.subarray(nul + 1, nul + 1 + oidBytes).toString('hex');
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    records.push(`${mode} ${type} ${oid}\t${name}`);
    at = nul + 1 + oidBytes;
  }
  return records;
}
