/**
 * Turns texts into vectors whose cosine says how related two texts are.
 * Vectors of one embedder all have the same length and are L2-normalised.
 */
export interface Embedder {
  /** Stable id naming the algorithm and its parameters; part of cache keys. */
  readonly id: string;
  /**
   * True when a text's vector depends on the other texts of the same call
   * (TF-IDF weights come from the whole batch): the cache must then key
   * entries by the batch too.
   */
  readonly corpusDependent?: boolean;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type EmbedderKind = 'lexical' | 'word-vectors' | 'model';

/**
 * The requested embedder cannot run here (not built in, model missing…).
 * Callers fall back to file-based inference and say so.
 */
export class EmbedderUnavailableError extends Error {
  readonly kind: EmbedderKind;
  constructor(kind: EmbedderKind, message: string) {
    super(message);
    this.name = 'EmbedderUnavailableError';
    this.kind = kind;
  }
}

/** Cosine similarity of two L2-normalised vectors (their dot product), clamped to [-1, 1]. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  for (let k = 0; k < a.length; k++) dot += (a[k] as number) * (b[k] as number);
  return Math.max(-1, Math.min(1, dot));
}

/** Scales vector to unit length in place (a zero vector stays zero) so cosine is a dot product. */
export function normaliseL2(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) return vector;
  const factor = 1 / Math.sqrt(norm);
  for (let k = 0; k < vector.length; k++) vector[k] = (vector[k] as number) * factor;
  return vector;
}
