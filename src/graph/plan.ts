import type { UserStory } from '../prd/types.js';
import { buildGraph, type DependencyGraph } from './dependency-graph.js';
import { combineEvidence } from './inference/combine.js';
import { findFileOverlaps, type FileOverlap } from './inference/files.js';
import { listRepoFiles } from './inference/repo-files.js';
import { similarityMatrix, type SimilarityMatrix } from './inference/similarity.js';
import { CachedEmbedder } from './similarity/cache.js';
import { EmbedderUnavailableError } from './similarity/embedder.js';
import { LexicalEmbedder } from './similarity/lexical.js';
import { storyText } from './similarity/story-text.js';
import type { DroppedEdge, PlanOptions, PlanStats } from './types.js';

export interface GraphPlan {
  graph: DependencyGraph;
  dropped: DroppedEdge[];
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
 * combineEvidence. An unavailable embedder degrades to file overlap, noted.
 */
export async function planGraph(stories: readonly UserStory[], options: PlanOptions): Promise<GraphPlan> {
  const notes: string[] = [];
  const stats: PlanStats = { embedded: 0, cacheHits: 0, repoFiles: 0 };
  const { mode } = options;
  if (!Number.isFinite(options.threshold)) throw new RangeError(`similarity threshold must be a number, got ${options.threshold}`);
  if (mode === 'none' || mode === 'explicit') {
    notes.push(`inference off (mode ${mode}): only explicit dependsOn edges`);
    const graph = buildGraph(stories);
    return { graph, dropped: [], notes, stats };
  }

  let useFiles = mode === 'files' || mode === 'hybrid';
  let similarity: SimilarityMatrix | null = null;
  if (mode === 'embeddings' || mode === 'hybrid') {
    try {
      similarity = await embedStories(stories, options, stats);
    } catch (error) {
      if (!(error instanceof EmbedderUnavailableError)) throw error;
      notes.push(`similarity inference unavailable: ${error.message}; using targetFiles overlap only`);
      useFiles = true;
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

  const candidates = combineEvidence(stories, {
    overlaps,
    similarity,
    threshold: options.threshold,
    weights: options.weights,
  });
  const graph = buildGraph(stories, candidates);
  return { graph, dropped: [...graph.dropped], notes, stats };
}

async function embedStories(stories: readonly UserStory[], options: PlanOptions, stats: PlanStats): Promise<SimilarityMatrix> {
  const base = options.embedder ?? new LexicalEmbedder();
  const texts = stories.map(storyText);
  if (options.cacheDir === undefined || options.cacheDir === null) {
    const vectors = await base.embed(texts);
    stats.embedded += texts.length;
    return similarityMatrix(vectors);
  }
  const cached = new CachedEmbedder(base, options.cacheDir);
  const vectors = await cached.embed(texts);
  stats.embedded += cached.stats.embedded;
  stats.cacheHits += cached.stats.hits;
  return similarityMatrix(vectors);
}
