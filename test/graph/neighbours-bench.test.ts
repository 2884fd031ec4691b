import { benchGraph, generatePrd } from '../../bench/graph.js';
import { combineEvidence } from '../../src/graph/inference/combine.js';
import { nearestNeighbourPairs, type SimilarityMatrix } from '../../src/graph/inference/similarity.js';
import { story } from './helpers.js';

/** A hub (story 0) similar to everyone; the others similar only to the hub. */
function hubMatrix(n: number): SimilarityMatrix {
  return { size: n, at: (i, j) => (i === j ? 1 : i === 0 || j === 0 ? 0.5 - 0.01 * (i + j) : 0.2) };
}

describe('nearest-neighbour rule for similarity edges', () => {
  it('keeps a pair when either story has the other among its k nearest', () => {
    const near = nearestNeighbourPairs(hubMatrix(6), 1);
    // Every leaf's nearest is the hub, so every hub pair survives (union rule)…
    for (let j = 1; j < 6; j++) expect(near(0, j)).toBe(true);
    // …but leaf-leaf pairs (0.2) do not.
    expect(near(1, 2)).toBe(false);
    expect(nearestNeighbourPairs(hubMatrix(6), Infinity)(1, 2)).toBe(true);
  });

  it('caps similarity-only edges, not file overlaps', () => {
    const stories = Array.from({ length: 6 }, (_, i) => story(`S${i + 1}`));
    const edges = (neighbours: number) =>
      combineEvidence(stories, { overlaps: null, similarity: hubMatrix(6), threshold: 0.1, weights: { files: 1, similarity: 1 }, neighbours }).edges;
    expect(edges(Infinity)).toHaveLength(15);
    expect(edges(1)).toHaveLength(5);
    expect(edges(1).every((e) => e.from === 'S1')).toBe(true);
  });
});

describe('benchGraph', () => {
  it('generates a deterministic PRD and reports one row per measured step', async () => {
    expect(generatePrd(30, 7)).toEqual(generatePrd(30, 7));
    const rows = await benchGraph({ stories: 30, runs: 1 });
    expect(rows.map((r) => r.name)).toEqual([
      'graph: build + validate + waves/critical path/width',
      'graph: targetFiles overlap (symbolic)',
      'graph: lexical embedding + pairwise similarity',
      'graph: build with inferred edges (hybrid candidates)',
      'graph: planGraph hybrid, total',
    ]);
    for (const row of rows) {
      expect(row.stories).toBe(30);
      expect(row.ms).toBeGreaterThanOrEqual(0);
    }
  });
});
