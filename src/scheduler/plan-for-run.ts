import { join } from 'node:path';
import { planGraph, type GraphPlan } from '../graph/plan.js';
import type { RunContext } from '../run/context.js';

/** The dependency graph for a run, inferred as the settings ask, cached under the ralph dir, validated. */
export async function planForRun(ctx: Pick<RunContext, 'prd' | 'settings' | 'repoRoot' | 'ralphDir'>): Promise<GraphPlan> {
  const plan = await planGraph(ctx.prd.prd.userStories, {
    mode: ctx.settings.inferenceMode,
    repoRoot: ctx.repoRoot,
    threshold: ctx.settings.similarityThreshold,
    weights: ctx.settings.weights,
    cacheDir: join(ctx.ralphDir, 'cache'),
  });
  plan.graph.validate();
  return plan;
}
