import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MAX_LINE_CHARS, LineSplitter } from '../../src/agent/line-splitter.js';
import { runProcess } from '../../src/agent/run-process.js';
import { tempDir } from '../workspace/helpers.js';

/** One enormous line without a newline (B14): bounded pieces, work linear in its length. */

const CHUNK = 'x'.repeat(64 * 1024);

/** CPU milliseconds to split `mb` MiB arriving in 64 KiB chunks as one line. */
function splitCost(mb: number): { cpuMs: number; pieces: number; longest: number; chars: number } {
  let pieces = 0;
  let longest = 0;
  let chars = 0;
  const splitter = new LineSplitter((line) => {
    pieces += 1;
    chars += line.length;
    longest = Math.max(longest, line.length);
  });
  const before = process.cpuUsage();
  for (let i = 0; i < mb * 16; i += 1) splitter.push(CHUNK);
  splitter.end();
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, pieces, longest, chars };
}

describe('LineSplitter on a runaway line', () => {
  it('splits a 50 MiB line into 1 MiB pieces, every byte passed on', () => {
    const cost = splitCost(50);
    expect(cost.chars).toBe(50 * 1024 * 1024);
    expect(cost.longest).toBe(DEFAULT_MAX_LINE_CHARS);
    expect(cost.pieces).toBe(50);
  });

  it('costs time linear in the length: 8× the input is far less than 64× the work', () => {
    splitCost(2); // warm-up
    // The fastest of a few runs of each size: a garbage collection or a busy neighbour inflates one run, not all.
    const fastest = (mb: number, runs: number): number => Math.min(...Array.from({ length: runs }, () => splitCost(mb).cpuMs));
    const small = fastest(2, 5);
    const large = fastest(16, 3);
    // Linear ≈ 8×, the old quadratic splitter ≈ 64×; the bound leaves room for a noisy machine.
    expect(large / Math.max(small, 1)).toBeLessThan(24);
  });
});

describe('runProcess with a 50 MiB line on stdout', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('ralph-wt-long-line-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finishes, keeps a bounded tail, and the log file gets every byte', async () => {
    const logFile = join(dir, 'agent.log');
    const size = 50 * 1024 * 1024;
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', `process.stdout.write('y'.repeat(${size}))`],
      cwd: dir,
      stdin: null,
      timeoutMs: 0,
      logFile,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputTail.length).toBeLessThanOrEqual(64 * 1024);
    // The pieces each end with a newline in the log: the bytes are all there, at most one extra per MiB.
    const logged = (await stat(logFile)).size;
    expect(logged).toBeGreaterThanOrEqual(size);
    expect(logged).toBeLessThanOrEqual(size + 51);
    expect((await readFile(logFile, 'utf8')).replace(/\n/g, '')).toHaveLength(size);
  }, 120_000);
});
