/** Public surface of the dependency graph: build, infer, plan, render. */
export { buildGraph, DependencyGraph, type DurationOf } from './dependency-graph.js';
export { planGraph, type GraphPlan } from './plan.js';
export type { DropKind, DroppedEdge, Edge, EdgeOrigin, PlanOptions, PlanStats } from './types.js';
export { globsOverlap } from './inference/glob/intersect.js';
export { globMatcher } from './inference/glob/match.js';
export { findFileOverlaps, describeOverlap, type FileOverlap } from './inference/files.js';
export { listRepoFiles, type RepoFileList } from './inference/repo-files.js';
export { combineEvidence, type CombineInput } from './inference/combine.js';
export { similarityMatrix, type SimilarityMatrix } from './inference/similarity.js';
export { cosine, EmbedderUnavailableError, type Embedder, type EmbedderKind } from './similarity/embedder.js';
export { createEmbedder, type EmbedderOptions } from './similarity/create.js';
export { LexicalEmbedder, embedLexical, DEFAULT_LEXICAL_OPTIONS, type LexicalOptions } from './similarity/lexical.js';
export { CachedEmbedder, type EmbeddingCacheStats } from './similarity/cache.js';
export { storyText } from './similarity/story-text.js';
export { DEFAULT_SIMILARITY_THRESHOLD } from './similarity/threshold.js';
export { evaluateAt, sweep, bestByF1, scoreFixture, type Metrics, type LabelledFixture, type LabelledScore } from './similarity/evaluate.js';
export { renderPlan, planToJson, PLAN_JSON_VERSION, type PlanFormat, type PlanJson, type RenderablePlan } from './render/index.js';
