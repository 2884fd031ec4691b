import type { UserStory } from '../../prd/types.js';
import { cosine, type Embedder } from './embedder.js';
import { nearestNeighbourPairs, similarityMatrix } from '../inference/similarity.js';
import { storyText } from './story-text.js';
import { DEFAULT_SIMILARITY_NEIGHBOURS } from './threshold.js';

/** fixtures/similarity/pairs.json */
export interface LabelledFixture {
  prds: { name: string; stories: Pick<UserStory, 'id' | 'title' | 'description' | 'acceptanceCriteria'>[] }[];
  pairs: { prd: string; a: string; b: string; related: boolean; why?: string }[];
}

export interface LabelledScore {
  score: number;
  related: boolean;
}

export interface Metrics {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** 1 when nothing is predicted related (no false alarms). */
  precision: number;
  recall: number;
  f1: number;
}

/** Predict "related" when score ≥ threshold and compare with the labels. */
export function evaluateAt(scores: readonly LabelledScore[], threshold: number): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { score, related } of scores) {
    const predicted = score >= threshold;
    if (predicted && related) tp++;
    else if (predicted) fp++;
    else if (related) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision, recall, f1 };
}

/** Metrics at each threshold from `from` to `to` (inclusive) by `step`. */
export function sweep(scores: readonly LabelledScore[], from = 0.02, to = 0.6, step = 0.01): Metrics[] {
  const out: Metrics[] = [];
  const count = Math.round((to - from) / step);
  for (let k = 0; k <= count; k++) out.push(evaluateAt(scores, Math.round((from + k * step) * 1000) / 1000));
  return out;
}

/** Highest F1; on a tie the higher threshold (fewer inferred edges, less serialisation). */
export function bestByF1(metrics: readonly Metrics[]): Metrics {
  let best: Metrics | undefined;
  for (const m of metrics) {
    if (best === undefined || m.f1 > best.f1 || (m.f1 === best.f1 && m.threshold > best.threshold)) best = m;
  }
  if (best === undefined) throw new RangeError('no metrics to choose from');
  return best;
}

/**
 * Score every labelled pair as a plan would: each PRD is embedded as one
 * batch (IDF comes from the PRD's own stories), and a pair outside the
 * nearest-neighbour rule scores -1 (never an edge). `neighbours: Infinity`
 * scores the raw cosine.
 */
export async function scoreFixture(
  fixture: LabelledFixture,
  embedder: Embedder,
  neighbours: number = DEFAULT_SIMILARITY_NEIGHBOURS,
): Promise<(LabelledScore & { prd: string; a: string; b: string })[]> {
  const scorers = new Map<string, (a: string, b: string) => number | null>();
  for (const prd of fixture.prds) {
    const embedded = await embedder.embed(prd.stories.map(storyText));
    const matrix = similarityMatrix(embedded);
    const near = nearestNeighbourPairs(matrix, neighbours);
    const index = new Map(prd.stories.map((s, i) => [s.id, i]));
    scorers.set(prd.name, (a, b) => {
      const i = index.get(a);
      const j = index.get(b);
      if (i === undefined || j === undefined) return null;
      return near(i, j) ? cosine(embedded[i] as Float32Array, embedded[j] as Float32Array) : -1;
    });
  }
  return fixture.pairs.map((pair) => {
    const score = scorers.get(pair.prd)?.(pair.a, pair.b) ?? null;
    if (score === null) throw new RangeError(`pair ${pair.prd}/${pair.a}/${pair.b} names an unknown story`);
    return { prd: pair.prd, a: pair.a, b: pair.b, score, related: pair.related };
  });
}
