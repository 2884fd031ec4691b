import { cosine } from '../similarity/embedder.js';

/** Pairwise cosine similarities of n stories, symmetric, read with `at(i, j)`. */
export interface SimilarityMatrix {
  readonly size: number;
  at(i: number, j: number): number;
}

/** All pairwise cosines (n²/2 dot products; 200 stories × 2048 dims ≈ 40 M multiply-adds). */
export function similarityMatrix(vectors: readonly Float32Array[]): SimilarityMatrix {
  const n = vectors.length;
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    values[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const s = cosine(vectors[i] as Float32Array, vectors[j] as Float32Array);
      values[i * n + j] = s;
      values[j * n + i] = s;
    }
  }
  return {
    size: n,
    at: (i, j) => {
      if (i < 0 || j < 0 || i >= n || j >= n) throw new RangeError(`no similarity for (${i}, ${j})`);
      return values[i * n + j] as number;
    },
  };
}

/**
 * Pairs (i, j) where j is among i's `k` most similar stories or i among j's
 * (ties by index). `k = Infinity` keeps every pair.
 */
export function nearestNeighbourPairs(matrix: SimilarityMatrix, k: number): (i: number, j: number) => boolean {
  if (k === Infinity) return () => true;
  const n = matrix.size;
  const keep = new Set<number>();
  for (let i = 0; i < n; i++) {
    const others: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i) others.push(j);
    others.sort((a, b) => matrix.at(i, b) - matrix.at(i, a) || a - b);
    for (const j of others.slice(0, Math.max(0, k))) keep.add(i < j ? i * n + j : j * n + i);
  }
  return (i, j) => keep.has(i < j ? i * n + j : j * n + i);
}
