import type { ParallelSettings } from '../prd/types.js';
import type { SettingsLayer } from './layer.js';

/** prd.json `parallel` → settings; `enabled` is what switches parallel mode. */
export function prdParallelToLayer(parallel: ParallelSettings | undefined): SettingsLayer {
  if (parallel === undefined) return {};
  return {
    parallel: parallel.enabled,
    maxConcurrency: parallel.maxConcurrency,
    conflictStrategy: parallel.conflictStrategy,
    inferenceMode: parallel.inferenceMode,
    similarityThreshold: parallel.similarityThreshold,
    weights: parallel.weights,
    autoCeiling: parallel.autoCeiling,
  };
}

/** Where in prd.json each setting comes from, for error messages. */
export const PRD_FIELD_OF: Readonly<Partial<Record<string, string>>> = {
  parallel: 'parallel.enabled',
  maxConcurrency: 'parallel.maxConcurrency',
  conflictStrategy: 'parallel.conflictStrategy',
  inferenceMode: 'parallel.inferenceMode',
  similarityThreshold: 'parallel.similarityThreshold',
  weights: 'parallel.weights',
  autoCeiling: 'parallel.autoCeiling',
};
