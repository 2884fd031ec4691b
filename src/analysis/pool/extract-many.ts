/**
 * Analyse many files, inline or on the worker pool. Threads pay a start-up cost (wasm runtime + grammars per
 * thread) and a copy of every source and result, so the pool is only used from POOL_MIN_FILES files on
 * (crossover measured with bench/extract.ts; see the report in the test of this module).
 */
import { languageForPath } from '../languages.js';
import { analyseFile } from './analyse-file.js';
import { getPool, poolThreads } from './pool.js';
import { defaultWorkerFile } from './worker-path.js';
import type { FileAnalysis, SourceFile } from './types.js';

export const POOL_MIN_FILES = 24;

export interface ExtractManyOptions {
  /** 'auto' (default): pool from `minFiles` files on when a compiled worker exists. */
  mode?: 'auto' | 'inline' | 'pool';
  minFiles?: number;
  /** Compiled worker (defaults to dist/src/analysis/pool/worker.js). */
  workerFile?: string;
}

/**
 * Entities and identifier uses of each file with a grammar; files without one are absent from the result.
 * FileAnalysis extends ExtractResult, so the map is usable wherever extraction results are expected.
 */
export async function extractMany(files: readonly SourceFile[], options: ExtractManyOptions = {}): Promise<Map<string, FileAnalysis>> {
  const supported = files.filter((f) => languageForPath(f.path) !== null);
  const mode = options.mode ?? 'auto';
  const workerFile = options.workerFile ?? (mode === 'inline' ? null : defaultWorkerFile());
  if (mode === 'pool' && !workerFile) throw new Error('extractMany: no compiled worker found (run `npm run build`)');
  const usePool = workerFile !== null && shouldUsePool(supported.length, mode, options.minFiles ?? POOL_MIN_FILES);
  const out = new Map<string, FileAnalysis>();
  if (!usePool) {
    for (const f of supported) {
      const analysis = await analyseFile(f.path, f.source);
      if (analysis) out.set(f.path, analysis);
    }
    return out;
  }
  const pool = getPool(workerFile);
  const results = await Promise.all(batches(supported, poolThreads()).map((batch) => pool.run({ files: batch })));
  for (const result of results) for (const [path, analysis] of result) out.set(path, analysis);
  return out;
}

/** The pool only pays for itself on enough files (given a compiled worker exists). */
export function shouldUsePool(fileCount: number, mode: NonNullable<ExtractManyOptions['mode']>, minFiles: number = POOL_MIN_FILES): boolean {
  return mode === 'pool' || (mode === 'auto' && fileCount >= minFiles);
}

/** About four batches per thread: few enough messages, small enough for balanced load. */
function batches(files: readonly SourceFile[], threads: number): SourceFile[][] {
  const count = Math.min(files.length, threads * 4);
  const out: SourceFile[][] = Array.from({ length: count }, () => []);
  // Round-robin keeps big and small files spread over the batches.
  files.forEach((f, i) => out[i % count]?.push({ path: f.path, source: f.source }));
  return out.filter((b) => b.length > 0);
}
