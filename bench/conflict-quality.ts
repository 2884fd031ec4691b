/**
 * Detection quality against labelled branch pairs: recall, false-positive rate and the confusion matrix.
 * Pure: the labels (ground truth) are computed by the caller (bench/conflicts.ts runs merges and type checks).
 */
import { detectConflicts } from '../src/conflicts/detect.js';
import type { ConflictStrategy, DetectedConflict, DetectInput } from '../src/conflicts/types.js';

export interface ConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** tp / (tp + fn); 1 when there are no true conflicts. */
  recall: number;
  /** fp / (fp + tn); 0 when there are no conflict-free pairs. */
  falsePositiveRate: number;
  /** tp / (tp + fp); 1 when nothing was flagged. */
  precision: number;
}

export interface LabelledCase {
  name: string;
  /** Ground truth: the pair really conflicts. */
  conflicts: boolean;
  input: Omit<DetectInput, 'strategy'>;
}

export interface CaseVerdict {
  name: string;
  truth: boolean;
  predicted: boolean;
  conflicts: DetectedConflict[];
}

export interface StrategyMeasurement {
  strategy: ConflictStrategy;
  matrix: ConfusionMatrix;
  cases: CaseVerdict[];
}

export function confusionMatrix(verdicts: ReadonlyArray<{ truth: boolean; predicted: boolean }>): ConfusionMatrix {
  const count = (truth: boolean, predicted: boolean): number => verdicts.filter((v) => v.truth === truth && v.predicted === predicted).length;
  const tp = count(true, true);
  const fp = count(false, true);
  const tn = count(false, false);
  const fn = count(true, false);
  return {
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    falsePositiveRate: fp + tn === 0 ? 0 : fp / (fp + tn),
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
  };
}

export async function measureStrategy(cases: readonly LabelledCase[], strategy: ConflictStrategy): Promise<StrategyMeasurement> {
  const verdicts: CaseVerdict[] = [];
  for (const c of cases) {
    const report = await detectConflicts({ ...c.input, strategy });
    verdicts.push({ name: c.name, truth: c.conflicts, predicted: report.conflicts.length > 0, conflicts: report.conflicts });
  }
  return { strategy, matrix: confusionMatrix(verdicts), cases: verdicts };
}
