import type { InferenceMode } from '../prd/types.js';
import type { Embedder } from './similarity/embedder.js';

/** Why an edge exists: written by the PRD author, or inferred by ralph-wt. */
export type EdgeOrigin = 'explicit' | 'files' | 'similarity';

/**
 * A dependency edge: `to` may start only after `from` is merged (or already
 * passes). `reason` is shown verbatim in `ralph-wt plan`, so it must say why.
 */
export interface Edge {
  /** The dependency. */
  from: string;
  /** The dependent. */
  to: string;
  origin: EdgeOrigin;
  reason: string;
}

/**
 * Text similarity too weak to order two stories in the default mode (below
 * the embedder's ordering threshold, see ORDERING_THRESHOLDS): `plan` shows it
 * as a hint. The pair still runs side by side, in separate worktrees.
 */
export interface SimilarityHint {
  /** The story that would go first (prd.json order), then the other. */
  first: string;
  second: string;
  similarity: number;
  reason: string;
}

/**
 * Why an inferred edge was not added:
 * - `redundant`: explicit edges already order the pair the same way;
 * - `reverses-explicit`: explicit edges order the pair the other way;
 * - `closes-cycle`: with the edges accepted so far it would close a cycle.
 */
export type DropKind = 'redundant' | 'reverses-explicit' | 'closes-cycle';

export interface DroppedEdge {
  edge: Edge;
  kind: DropKind;
  why: string;
}

/** How many texts were embedded vs. served from the on-disk cache. */
export interface PlanStats {
  embedded: number;
  cacheHits: number;
  /** Files listed from the repository for the real-file overlap check. */
  repoFiles: number;
}

export interface PlanOptions {
  mode: InferenceMode;
  /** Repository root for the real-file overlap check; null = symbolic only. */
  repoRoot: string | null;
  /** Cosine similarity threshold (see DEFAULT_SIMILARITY_THRESHOLD). */
  threshold: number;
  weights: { files: number; similarity: number };
  /** Defaults to the lexical embedder. */
  embedder?: Embedder;
  /** `<git dir>/ralph-wt/cache`; null or absent = no embedding cache. */
  cacheDir?: string | null;
}
