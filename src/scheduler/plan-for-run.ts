import { join } from 'node:path';
import type { ResolvedSettings } from '../config/types.js';
import { planGraph, type GraphPlan } from '../graph/plan.js';
import { similarityFromSettings } from '../graph/similarity/fallback.js';
import type { RunContext } from '../run/context.js';

/**
 * The dependency graph for a run, inferred as the settings ask (embedder,
 * modelPath, fallback chain — see embedderChain), vectors cached under the
 * ralph dir, validated. Notes (fallbacks, gaps) are in `plan.notes`.
 *
 * `userThreshold`: the similarity threshold the user set (userThresholdOf),
 * null when they did not: each embedder then uses its own default.
 */
export async function planForRun(
  ctx: Pick<RunContext, 'prd' | 'settings' | 'repoRoot' | 'ralphDir'>,
  userThreshold: number | null,
): Promise<GraphPlan> {
  const { settings } = ctx;
  const similarity = similarityFromSettings(settings, userThreshold);
  const plan = await planGraph(ctx.prd.prd.userStories, {
    mode: settings.inferenceMode,
    repoRoot: ctx.repoRoot,
    threshold: similarity.thresholdFor(settings.embedder),
    weights: settings.weights,
    cacheDir: join(ctx.ralphDir, 'cache'),
    similarity,
  });
  plan.graph.validate();
  return plan;
}

/** The similarity threshold the user set (rc, prd.json or flag), or null when it is the built-in default. */
export function userThresholdOf(resolved: Pick<ResolvedSettings, 'values' | 'sources'>): number | null {
  return resolved.sources.similarityThreshold === 'default' ? null : resolved.values.similarityThreshold;
}
