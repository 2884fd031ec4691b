import type { UserStory } from '../prd/types.js';
import { buildGraph, type DependencyGraph } from './dependency-graph.js';
import { combineEvidence } from './inference/combine.js';
import { findFileOverlaps, type FileOverlap } from './inference/files.js';
import { listRepoFiles } from './inference/repo-files.js';
import { similarityMatrix, type SimilarityMatrix } from './inference/similarity.js';
import type { EmbedderKind } from './similarity/embedder.js';
import { embedWithFallback, type EmbedderCandidate } from './similarity/fallback.js';
import { LexicalEmbedder } from './similarity/lexical.js';
import { storyText } from './similarity/story-text.js';
import type { DroppedEdge, PlanOptions, PlanStats, SimilarityHint } from './types.js';

/** Similarity embedders chosen from settings (see similarityFromSettings). */
export interface PlanSimilarity {
  /** Tried in order; see embedderChain for the fallback rules. */
  candidates: readonly EmbedderCandidate[];
  /** Threshold for the embedder actually used; replaces `threshold`. */
  thresholdFor: (kind: EmbedderKind) => number;
  /**
   * In `hybrid` mode, the score from which a similarity-only pair orders its
   * stories (weaker ones become hints); absent = `thresholdFor`, all edges.
   */
  orderingThresholdFor?: (kind: EmbedderKind) => number;
  /** false = `--no-fallback` (only changes the wording of the "unavailable" note). */
  fallback: boolean;
}

export interface PlanGraphOptions extends PlanOptions {
  /** Overrides `embedder`; without either, the lexical embedder at `threshold`. */
  similarity?: PlanSimilarity;
}

export interface GraphPlan {
  graph: DependencyGraph;
  dropped: DroppedEdge[];
  /** Similar pairs too weak to order in the default mode (shown, not scheduled). */
  hints: SimilarityHint[];
  /** Human-readable remarks about how the plan was made (fallbacks, gaps). */
  notes: string[];
  stats: PlanStats;
}

/**
 * Infer edges as `options.mode` asks and build the graph. Does not validate:
 * callers call `graph.validate()` (explicit cycles are the author's to fix,
 * and `ralph-wt plan` may want to show them first).
 *
 * Mode: `none`/`explicit` infer nothing; `files` = targetFiles overlap;
 * `embeddings` = text similarity; `hybrid` = both, combined as documented in
 * combineEvidence. Embedders are tried as `options.similarity` says (the
 * fallback chain of embedderChain: each skipped embedder is noted); when none
 * is available the plan degrades to file overlap, noted.
 */
export async function planGraph(stories: readonly UserStory[], options: PlanGraphOptions): Promise<GraphPlan> {
  const notes: string[] = [];
  const stats: PlanStats = { embedded: 0, cacheHits: 0, repoFiles: 0 };
  const { mode } = options;
  if (!Number.isFinite(options.threshold)) throw new RangeError(`similarity threshold must be a number, got ${options.threshold}`);
  if (mode === 'none' || mode === 'explicit') {
    notes.push(`inference off (mode ${mode}): only explicit dependsOn edges`);
    const graph = buildGraph(stories);
    return { graph, dropped: [], hints: [], notes, stats };
  }

  let useFiles = mode === 'files' || mode === 'hybrid';
  let similarity: SimilarityMatrix | null = null;
  let threshold = options.threshold;
  let orderingThreshold = threshold;
  if (mode === 'embeddings' || mode === 'hybrid') {
    const chain = options.similarity ?? single(options);
    const result = await embedWithFallback(stories.map(storyText), chain.candidates, options.cacheDir ?? null, stats);
    notes.push(...result.notes);
    if (result.kind === null) {
      const without = chain.fallback ? '' : '--no-fallback, so no other embedder and no similarity edges; ';
      notes.push(`similarity inference unavailable (${result.reason}); ${without}using targetFiles overlap only`);
      useFiles = true;
    } else {
      similarity = similarityMatrix(result.vectors);
      threshold = chain.thresholdFor(result.kind);
      if (!Number.isFinite(threshold)) throw new RangeError(`similarity threshold must be a number, got ${threshold}`);
      // Asked for by name, similarity orders at the threshold; in the default mix only strong similarity does.
      orderingThreshold = mode === 'hybrid' && chain.orderingThresholdFor ? chain.orderingThresholdFor(result.kind) : threshold;
    }
  }

  let overlaps: FileOverlap[] | null = null;
  if (useFiles) {
    let repoFiles: string[] | null = null;
    if (options.repoRoot !== null) {
      const listed = await listRepoFiles(options.repoRoot);
      repoFiles = listed.files;
      stats.repoFiles = listed.files.length;
      if (listed.source === 'fast-glob') notes.push('not a git work tree: only the root .gitignore was applied to the file overlap check');
    }
    overlaps = findFileOverlaps(stories, repoFiles);
    const blind = stories.filter((s) => (s.targetFiles ?? []).length === 0).map((s) => s.id);
    if (blind.length > 0 && blind.length < stories.length) {
      notes.push(`no targetFiles, so file overlap cannot order: ${blind.join(', ')}`);
    }
  }

  const { edges, hints } = combineEvidence(stories, {
    overlaps,
    similarity,
    threshold,
    orderingThreshold,
    weights: options.weights,
  });
  const graph = buildGraph(stories, edges);
  return { graph, dropped: [...graph.dropped], hints, notes, stats };
}

/** `options.embedder` (default lexical) alone, at `options.threshold` whatever it is. */
function single(options: PlanOptions): PlanSimilarity {
  const embedder = options.embedder ?? new LexicalEmbedder();
  return { candidates: [{ kind: 'lexical', create: () => embedder }], thresholdFor: () => options.threshold, fallback: true };
}
