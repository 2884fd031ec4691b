import type { UserStory } from '../../prd/types.js';
import { goesFirst } from '../story-order.js';
import type { Edge, SimilarityHint } from '../types.js';
import { describeOverlap, type FileOverlap } from './files.js';
import { DEFAULT_SIMILARITY_NEIGHBOURS } from '../similarity/threshold.js';
import { nearestNeighbourPairs, type SimilarityMatrix } from './similarity.js';

export interface CombineInput {
  /** null = file inference off. */
  overlaps: readonly FileOverlap[] | null;
  /** null = similarity inference off. */
  similarity: SimilarityMatrix | null;
  threshold: number;
  /**
   * A similarity-only pair orders its stories from this score on; between
   * `threshold` and this it is a hint (default: `threshold`, all edges).
   */
  orderingThreshold?: number;
  weights: { files: number; similarity: number };
  /** Similarity-only edges need one story among the other's k nearest (default 3; Infinity = off). */
  neighbours?: number;
}

/**
 * Candidate inferred edges, strongest evidence first (admission order).
 *
 * - files only: every overlap is an edge.
 * - similarity only: every pair with cosine ≥ threshold.
 * - both (hybrid): score = s + (w_files / w_similarity) · f, f ∈ {0, 1},
 *   edge when score ≥ threshold. The threshold stays in cosine units, so
 *   similarity alone behaves exactly as in `embeddings` mode, and a file
 *   overlap adds a bonus of w_files / w_similarity. Whenever
 *   w_files / w_similarity ≥ threshold — e.g. equal weights with any
 *   threshold ≤ 1 — a file overlap alone always creates an edge; a small file
 *   weight turns overlap into "needs some textual support too". w_similarity
 *   = 0 means files decide alone; w_files = 0 means overlaps are ignored.
 * Similarity-only edges also need one story of the pair to be among the
 * other's `neighbours` nearest stories (see DEFAULT_SIMILARITY_NEIGHBOURS),
 * and a score of at least `orderingThreshold`: weaker ones become hints.
 */
export function combineEvidence(stories: readonly UserStory[], input: CombineInput): { edges: Edge[]; hints: SimilarityHint[] } {
  const { overlaps, similarity, threshold, weights } = input;
  const overlapByPair = new Map<string, FileOverlap>();
  for (const o of overlaps ?? []) overlapByPair.set(pairKey(o.first, o.second), o);

  const fileEdges = (): { edges: Edge[]; hints: SimilarityHint[] } => ({ edges: (overlaps ?? []).map((o) => fileEdge(stories, o, describeOverlap(o))), hints: [] });
  if (similarity === null) return fileEdges();
  const filesCount = overlaps !== null && weights.files > 0;
  if (filesCount && weights.similarity <= 0) return fileEdges();
  const ordering = Math.max(threshold, input.orderingThreshold ?? threshold);
  const hints: SimilarityHint[] = [];
  const bonus = filesCount ? weights.files / weights.similarity : 0;
  const near = nearestNeighbourPairs(similarity, input.neighbours ?? DEFAULT_SIMILARITY_NEIGHBOURS);

  const scored: { score: number; edge: Edge }[] = [];
  for (let i = 0; i < stories.length; i++) {
    for (let j = i + 1; j < stories.length; j++) {
      const overlap = filesCount ? overlapByPair.get(pairKey(i, j)) : undefined;
      const s = similarity.at(i, j);
      const score = s + (overlap ? bonus : 0);
      if (score < threshold) continue;
      if (!overlap && !near(i, j)) continue;
      if (overlap) {
        const math = `; similarity ${fmt(s)} + file bonus ${fmt(bonus)} ≥ ${threshold}`;
        scored.push({ score, edge: fileEdge(stories, overlap, `${describeOverlap(overlap)}${math}`) });
      } else {
        const [first, second] = goesFirst(stories, i, j) ? [i, j] : [j, i];
        if (s < ordering) {
          hints.push({ first: idAt(stories, first), second: idAt(stories, second), similarity: s, reason: `similarity ${fmt(s)} ≥ ${threshold}, below the ${fmt(ordering)} needed to order` });
          continue;
        }
        scored.push({
          score,
          edge: {
            from: idAt(stories, first),
            to: idAt(stories, second),
            origin: 'similarity',
            reason: `similarity ${fmt(s)} ≥ ${ordering === threshold ? threshold : fmt(ordering)}`,
          },
        });
      }
    }
  }
  // Stable sort: equal scores keep prd.json pair order.
  return { edges: scored.sort((a, b) => b.score - a.score).map((x) => x.edge), hints: hints.sort((a, b) => b.similarity - a.similarity) };
}

function fileEdge(stories: readonly UserStory[], overlap: FileOverlap, reason: string): Edge {
  return { from: idAt(stories, overlap.first), to: idAt(stories, overlap.second), origin: 'files', reason };
}

function pairKey(i: number, j: number): string {
  return i < j ? `${i}:${j}` : `${j}:${i}`;
}

function idAt(stories: readonly UserStory[], i: number): string {
  const story = stories[i];
  if (story === undefined) throw new RangeError(`no story at ${i}`);
  return story.id;
}

function fmt(x: number): string {
  return x.toFixed(3);
}
