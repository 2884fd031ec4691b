import type { Embedder } from './embedder.js';
import { words } from './tokenize.js';
import { normaliseL2 } from './embedder.js';

export interface LexicalOptions {
  /** Hashed vector length; a power of two ≤ 65536. */
  dimension: number;
  /** Share of the word-unigram block in the final vector (the rest is character 3-grams). */
  wordShare: number;
}

export const DEFAULT_LEXICAL_OPTIONS: LexicalOptions = { dimension: 2048, wordShare: 0.7 };

/**
 * The built-in embedder: no weights to download, deterministic, fast.
 *
 * Two TF-IDF blocks, each hashed into the same `dimension` slots with a ±1
 * sign hash (collisions then cancel out on average instead of adding up):
 * - stemmed word unigrams — the topical signal;
 * - character 3-grams of those words (with `^`/`$` boundaries) — catches
 *   what stemming misses ("dependency"/"dependent", "config"/"configuration").
 * Each block is L2-normalised and scaled by √share so that cosine ≈
 * share·cos_words + (1−share)·cos_chars, then the sum is normalised.
 *
 * IDF is computed over the texts of one `embed` call (the PRD's stories), so
 * vectors depend on the whole batch: `corpusDependent` is true.
 */
export class LexicalEmbedder implements Embedder {
  readonly id: string;
  readonly corpusDependent = true;
  private readonly options: LexicalOptions;

  constructor(options: Partial<LexicalOptions> = {}) {
    this.options = { ...DEFAULT_LEXICAL_OPTIONS, ...options };
    const { dimension, wordShare } = this.options;
    if (!Number.isInteger(Math.log2(dimension)) || dimension > 65536) {
      throw new RangeError(`dimension must be a power of two ≤ 65536, got ${dimension}`);
    }
    if (!(wordShare >= 0 && wordShare <= 1)) throw new RangeError(`wordShare must be in [0, 1], got ${wordShare}`);
    this.id = `lexical-v1-d${dimension}-w${wordShare}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return embedLexical(texts, this.options);
  }
}

/** Synchronous core of LexicalEmbedder (pure). */
export function embedLexical(texts: readonly string[], options: LexicalOptions = DEFAULT_LEXICAL_OPTIONS): Float32Array[] {
  const docs = texts.map((text) => {
    const stems = words(text);
    return { words: counts(stems.map((w) => `w:${w}`)), grams: counts(stems.flatMap(charTrigrams)) };
  });
  const wordIdf = inverseDocumentFrequency(docs.map((d) => d.words));
  const gramIdf = inverseDocumentFrequency(docs.map((d) => d.grams));
  const wordScale = Math.sqrt(options.wordShare);
  const gramScale = Math.sqrt(1 - options.wordShare);
  return docs.map((doc) => {
    const vector = new Float32Array(options.dimension);
    addBlock(vector, doc.words, wordIdf, wordScale);
    addBlock(vector, doc.grams, gramIdf, gramScale);
    return normaliseL2(vector);
  });
}

function charTrigrams(word: string): string[] {
  const padded = `^${word}$`;
  const grams: string[] = [];
  for (let k = 0; k + 3 <= padded.length; k++) grams.push(`c:${padded.slice(k, k + 3)}`);
  return grams;
}

function counts(features: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const f of features) map.set(f, (map.get(f) ?? 0) + 1);
  return map;
}

/**
 * ln((N + 1) / (df + 0.5)): a feature in every story weighs ≈ 0 (boilerplate
 * such as "acceptance" carries no signal), one in a single story weighs most.
 */
function inverseDocumentFrequency(docs: readonly ReadonlyMap<string, number>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const f of doc.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [f, d] of df) idf.set(f, Math.log((n + 1) / (d + 0.5)));
  return idf;
}

/** Add one TF-IDF block (sublinear tf), normalised, times `scale`. */
function addBlock(vector: Float32Array, tf: ReadonlyMap<string, number>, idf: ReadonlyMap<string, number>, scale: number): void {
  if (scale === 0 || tf.size === 0) return;
  const mask = vector.length - 1;
  const block = new Map<number, number>();
  for (const [feature, count] of tf) {
    const weight = (1 + Math.log(count)) * (idf.get(feature) ?? 0);
    const h = fnv1a(feature);
    const slot = h & mask;
    const sign = (h >>> 16) & 1 ? -1 : 1;
    block.set(slot, (block.get(slot) ?? 0) + sign * weight);
  }
  let norm = 0;
  for (const v of block.values()) norm += v * v;
  if (norm === 0) return;
  const factor = scale / Math.sqrt(norm);
  for (const [slot, v] of block) vector[slot] = (vector[slot] as number) + v * factor;
}


/** 32-bit FNV-1a, then a murmur finaliser so low and high bits are both well mixed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
