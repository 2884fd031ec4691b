/**
 * Extraction throughput (files/s) on generated TypeScript files, inline vs on the piscina pool, and the
 * crossover: the smallest batch where the pool (threads already started) beats inline parsing.
 */
import { performance } from 'node:perf_hooks';
import { extractMany } from '../src/analysis/pool/extract-many.js';
import { closeExtractPool } from '../src/analysis/pool/pool.js';
import type { SourceFile } from '../src/analysis/pool/types.js';

export interface ExtractBench {
  files: number;
  lines: number;
  inlineFilesPerSecond: number;
  /** Threads already running (steady state of a long run). */
  poolWarmFilesPerSecond: number;
  /** Including thread start-up and grammar loading in each worker. */
  poolColdFilesPerSecond: number;
  /** batch size → [inline ms, warm pool ms]. */
  crossover: Array<{ files: number; inlineMs: number; poolMs: number }>;
}

/** A plausible module: imports, an interface, a class with methods, a few functions (~120 lines). */
export function generateTsFile(i: number): string {
  const parts = [`import { helper${i % 7} } from './helpers${i % 7}.js';`, `import type { Config } from './config.js';`, ''];
  parts.push(`export interface Shape${i} {`, '  id: number;', '  name: string;', '  tags: string[];', '}', '');
  parts.push(`export class Service${i} {`, '  private cache = new Map<string, number>();', '');
  for (let m = 0; m < 8; m++) {
    parts.push(`  method${m}(input: Shape${i}, config: Config): number {`, `    const key = input.name + '${m}';`, '    if (this.cache.has(key)) {', '      return this.cache.get(key) ?? 0;', '    }', `    const value = helper${i % 7}(input.id * ${m + 1}) + config.offset;`, '    this.cache.set(key, value);', '    return value;', '  }', '');
  }
  parts.push('}', '');
  for (let f = 0; f < 5; f++) {
    parts.push(`export function compute${i}_${f}(xs: number[]): number {`, '  let total = 0;', '  for (const x of xs) {', `    total += x * ${f + 1};`, '  }', '  return total;', '}', '');
  }
  return parts.join('\n');
}

async function timed(work: () => Promise<unknown>, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

export async function benchExtract(options: { files?: number; runs?: number; workerFile?: string } = {}): Promise<ExtractBench> {
  const count = options.files ?? 200;
  const runs = options.runs ?? 3;
  const files: SourceFile[] = Array.from({ length: count }, (_, i) => ({ path: `src/module${i}.ts`, source: generateTsFile(i) }));
  const pool = { mode: 'pool' as const, ...(options.workerFile ? { workerFile: options.workerFile } : {}) };
  const inline = { mode: 'inline' as const };

  await extractMany(files.slice(0, 2), inline); // load the grammars in this thread first
  const inlineMs = await timed(() => extractMany(files, inline), runs);

  await closeExtractPool();
  const coldStart = performance.now();
  await extractMany(files, pool);
  const coldMs = performance.now() - coldStart;
  const warmMs = await timed(() => extractMany(files, pool), runs);

  const crossover: ExtractBench['crossover'] = [];
  for (const n of [4, 8, 16, 24, 32, 48, 64]) {
    const batch = files.slice(0, n);
    crossover.push({
      files: n,
      inlineMs: Math.round((await timed(() => extractMany(batch, inline), runs)) * 10) / 10,
      poolMs: Math.round((await timed(() => extractMany(batch, pool), runs)) * 10) / 10,
    });
  }
  await closeExtractPool();
  const rate = (ms: number): number => Math.round((count / ms) * 1000);
  return {
    files: count,
    lines: files.reduce((n, f) => n + f.source.split('\n').length, 0),
    inlineFilesPerSecond: rate(inlineMs),
    poolWarmFilesPerSecond: rate(warmMs),
    poolColdFilesPerSecond: rate(coldMs),
    crossover,
  };
}
