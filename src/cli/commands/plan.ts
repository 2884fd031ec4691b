import { renderPlan, type PlanFormat } from '../../graph/render/index.js';
import { planGraph } from '../../graph/plan.js';
import { join } from 'node:path';
import { ralphDir } from '../../workspace/worktrees.js';
import { loadInputs } from '../prepare-run.js';
import { flagsToSettings, type SettingsFlagValues } from '../run-flags.js';

/** `ralph-wt plan`: waves, critical path, width and every edge with its reason. Touches nothing but the cache. */
export async function planCommand(flags: SettingsFlagValues & { format: string }, cwd: string): Promise<number> {
  const inputs = await loadInputs({ cwd, prdPath: flags.prd, rcPath: flags.config, cli: flagsToSettings(flags) });
  const settings = inputs.resolved.values;
  const plan = await planGraph(inputs.prd.prd.userStories, {
    mode: settings.inferenceMode,
    repoRoot: inputs.repoRoot,
    threshold: settings.similarityThreshold,
    weights: settings.weights,
    cacheDir: join(await ralphDir(inputs.repoRoot), 'cache'),
  });
  process.stdout.write(renderPlan(plan, flags.format as PlanFormat));
  plan.graph.validate();
  return 0;
}
