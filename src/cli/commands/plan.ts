import { join } from 'node:path';
import { renderPlan } from '../../graph/render/index.js';
import { planGraph } from '../../graph/plan.js';
import { similarityFromSettings } from '../../graph/similarity/fallback.js';
import { userThresholdOf } from '../../scheduler/plan-for-run.js';
import { ralphDir } from '../../workspace/worktrees.js';
import { loadInputs } from '../prepare-run.js';
import { flagsToSettings } from '../run-flags.js';
import type { PlanFlags } from './plan-options.js';

/**
 * `ralph-wt plan`: waves, critical path, width and every edge with its reason.
 * Touches nothing but the cache. Embedder fallbacks are among the printed notes.
 */
export async function planCommand(flags: PlanFlags, cwd: string): Promise<number> {
  const inputs = await loadInputs({ cwd, prdPath: flags.prd, rcPath: flags.config, cli: flagsToSettings(flags) });
  const settings = inputs.resolved.values;
  const similarity = similarityFromSettings(settings, userThresholdOf(inputs.resolved));
  const plan = await planGraph(inputs.prd.prd.userStories, {
    mode: settings.inferenceMode,
    repoRoot: inputs.repoRoot,
    threshold: similarity.thresholdFor(settings.embedder),
    weights: settings.weights,
    cacheDir: join(await ralphDir(inputs.repoRoot), 'cache'),
    similarity,
  });
  process.stdout.write(renderPlan(plan, flags.format));
  plan.graph.validate();
  return 0;
}
