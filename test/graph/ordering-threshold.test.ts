import { planGraph } from '../../src/graph/plan.js';
import { similarityFromSettings } from '../../src/graph/similarity/fallback.js';
import { ORDERING_THRESHOLDS } from '../../src/graph/similarity/threshold.js';
import type { Embedder } from '../../src/graph/similarity/embedder.js';
import { story } from './helpers.js';

/** Unit vectors at chosen angles from the first: cosine(first, k-th) = cosines[k]. */
function fixedEmbedder(cosines: number[]): Embedder {
  return {
    id: `fixed:${cosines.join(',')}`,
    embed: async (texts) =>
      texts.map((_, k) => {
        const c = cosines[k] ?? 0;
        // Each story gets its own orthogonal axis, so only pairs with the first are similar.
        const v = new Float32Array(texts.length + 1);
        v[0] = c;
        v[k + 1] = Math.sqrt(1 - c * c);
        return v;
      }),
  };
}

const stories = [story('US-1'), story('US-2'), story('US-3')];
const settings = { embedder: 'lexical' as const, modelPath: null, fallback: false };

async function plan(userThreshold: number | null, mode: 'hybrid' | 'embeddings' = 'hybrid') {
  // cosine(US-1, US-2) = 1 * 0.15 (weak), cosine(US-1, US-3) = 0.5 (strong).
  const chain = similarityFromSettings(settings, userThreshold);
  const embedder = fixedEmbedder([1, 0.15, 0.5]);
  return planGraph(stories, {
    mode,
    repoRoot: null,
    threshold: chain.thresholdFor('lexical'),
    weights: { files: 1, similarity: 1 },
    similarity: { ...chain, candidates: [{ kind: 'lexical', create: () => embedder }] },
  });
}

describe('similarity orders stories only when it is strong (default mode)', () => {
  it('a pair below the ordering threshold is a hint, not an edge; a strong pair still orders', async () => {
    expect(ORDERING_THRESHOLDS.lexical).toBeGreaterThan(0.15);
    const result = await plan(null);
    expect(result.graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['US-1>US-3']);
    expect(result.hints).toEqual([expect.objectContaining({ first: 'US-1', second: 'US-2' })]);
    expect(result.graph.waves()).toEqual([['US-1', 'US-2'], ['US-3']]);
  });

  it('a similarity threshold the user set orders at that threshold, as asked', async () => {
    const result = await plan(0.1);
    expect(result.graph.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['US-1>US-2', 'US-1>US-3']);
    expect(result.hints).toEqual([]);
  });

  it('--inference-mode embeddings orders at the similarity threshold', async () => {
    const result = await plan(null, 'embeddings');
    expect(result.graph.edges).toHaveLength(2);
    expect(result.hints).toEqual([]);
  });

  it('embedders without a measured ordering threshold give hints only', async () => {
    expect(ORDERING_THRESHOLDS['word-vectors']).toBe(Infinity);
    expect(ORDERING_THRESHOLDS.model).toBe(Infinity);
  });
});
