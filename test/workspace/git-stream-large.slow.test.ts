import { execa } from 'execa';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteQueue } from '../../src/workspace/byte-queue.js';
import { batchAnswer } from '../../src/workspace/git-objects.js';
import { GitStream } from '../../src/workspace/git-stream.js';
import { tempDir } from './helpers.js';

/**
 * A story that adds a large binary (B7): every merge and reconciliation reads
 * it through `git cat-file --batch`. Reading must cost work linear in its
 * size (it used to re-copy everything received on every 64 KB chunk).
 */
describe('GitStream reading a large blob', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('ralph-wt-git-stream-');
    await execa('git', ['init', '--quiet'], { cwd: dir });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function blobOf(mb: number): Promise<string> {
    const path = join(dir, `${mb}.bin`);
    await writeFile(path, Buffer.alloc(mb * 1024 * 1024, 7));
    return (await execa('git', ['hash-object', '-w', path], { cwd: dir })).stdout.trim();
  }

  it('reads a 64 MB blob whole, and answers handed out earlier stay intact', async () => {
    const small = await blobOf(8);
    const large = await blobOf(64);
    const stream = new GitStream(['cat-file', '--batch'], dir);
    try {
      const first = await stream.request(`${small}\n`, batchAnswer);
      const second = await stream.request(`${large}\n`, batchAnswer);
      expect(second.content.length).toBe(64 * 1024 * 1024);
      expect(second.content.every((byte) => byte === 7)).toBe(true);
      // A blob handed out earlier is not overwritten by later reads.
      expect(first.content.length).toBe(8 * 1024 * 1024);
      expect(first.content.every((byte) => byte === 7)).toBe(true);
    } finally {
      await stream.close();
    }
  }, 300_000);

  it('64 MB arriving in 64 KB chunks moves to new memory a logarithmic number of times, not once per chunk', () => {
    // Counted, not timed: each move copies every byte received so far, so moving once per chunk is quadratic work
    // (what the stream used to do) and moving on each doubling is linear.
    const queue = new ByteQueue();
    const chunk = Buffer.alloc(64 * 1024, 7);
    const chunks = 1024;
    let moves = 0;
    let memory: ArrayBufferLike | null = null;
    for (let i = 0; i < chunks; i += 1) {
      queue.push(chunk);
      const now = queue.view().buffer;
      if (now !== memory) moves += 1;
      memory = now;
    }
    expect(queue.view().length).toBe(chunks * chunk.length);
    expect(moves).toBeLessThanOrEqual(Math.ceil(Math.log2(chunks)) + 1);
  });
});
