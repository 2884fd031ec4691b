import type { EmbedderKind } from './embedder.js';

/**
 * Default cosine threshold for the lexical embedder, chosen on
 * fixtures/similarity/pairs.json: every pair of five PRDs (306 pairs, 71
 * related, so precision is measured at a realistic base rate), scored as a
 * plan scores them (with the nearest-neighbour rule below). Sweep in steps of
 * 0.005: F1 is flat at 0.61–0.62 over 0.08–0.09 (best 0.623 at 0.085); at
 * 0.09 precision 0.59, recall 0.63, false-positive rate 31/235 = 13% (the
 * seed PRD asks for < 20%). Lower thresholds buy little recall for many
 * spurious edges (0.05: P 0.51, R 0.76), which would serialise the PRD.
 * Other embedders have other score scales and need their own threshold.
 */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.09;

/**
 * Per-embedder defaults (cosine scales differ: averaged word vectors of any
 * two English texts are already close).
 * - lexical: DEFAULT_SIMILARITY_THRESHOLD above.
 * - word-vectors (mean, global common component removed): same fixture and
 *   rule; best F1 0.541 at 0.56 but with a false-positive rate of 53/235 =
 *   23%; 0.60 is the best F1 under 20% (F1 0.530, P 0.50, R 0.56, FP 40/235 = 17%).
 * - model: not measured (no model weights can be fetched where this was
 *   built); 0.5 is the usual "related" cut for mean-pooled MiniLM-class
 *   sentence embeddings. Run bench/similarity.ts with a modelPath to measure
 *   yours and set --similarity-threshold.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<EmbedderKind, number>> = {
  lexical: DEFAULT_SIMILARITY_THRESHOLD,
  'word-vectors': 0.6,
  model: 0.5,
};

/**
 * In the default (hybrid) mode a similarity-only edge orders two stories only
 * from these scores on; weaker similarity is shown by `plan` as a hint. Every
 * edge costs wall time, while worktrees and the merge lane already keep
 * parallel stories apart, so ordering needs precision of about 0.85 or more.
 * Measured on fixtures/similarity/pairs.json (same pairs and rule as above):
 * - lexical: 0.21 → precision 0.92 (12 related, 1 not; recall 0.17). Chosen on
 *   the whole fixture; leave-one-PRD-out (threshold picked on four PRDs as the
 *   lowest with precision ≥ 0.9, scored on the fifth) gives 14 of 17 = 0.82.
 * - word-vectors: no threshold reaches 0.85 with more than one edge (0.80:
 *   precision 0.78), so similarity alone never orders: hints only.
 * - model: not measured, so hints only.
 * A similarity threshold the user sets, or `--inference-mode embeddings`,
 * orders at that threshold as before.
 */
export const ORDERING_THRESHOLDS: Readonly<Record<EmbedderKind, number>> = {
  lexical: 0.21,
  'word-vectors': Infinity,
  model: Infinity,
};

export function defaultThresholdFor(kind: EmbedderKind): number {
  return DEFAULT_THRESHOLDS[kind];
}

/** The threshold to use with `kind`: the user's when they set one, else the embedder's default. */
export function thresholdFor(kind: EmbedderKind, userThreshold: number | null): number {
  return userThreshold ?? defaultThresholdFor(kind);
}

/**
 * Similarity-only edges are kept only between a story and one of its 3
 * nearest neighbours (either direction). On the fixture this lifts F1 at
 * 0.09 from 0.59 to 0.61 (precision 0.53 → 0.59) and, more importantly,
 * bounds similarity edges to ≤ 3 per story on large PRDs: uncapped, a
 * generated 200-story PRD got 6,500 similarity edges and ran in 88 waves.
 */
export const DEFAULT_SIMILARITY_NEIGHBOURS = 3;
