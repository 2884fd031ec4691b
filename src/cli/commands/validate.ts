import { planForRun, userThresholdOf } from '../../scheduler/plan-for-run.js';
import { ralphDir } from '../../workspace/worktrees.js';
import { loadInputs } from '../prepare-run.js';
import { flagsToSettings, type SettingsFlagValues } from '../run-flags.js';

/** `ralph-wt validate`: schema, semantic checks, settings and the dependency graph (cycles). */
export async function validateCommand(flags: SettingsFlagValues, cwd: string): Promise<number> {
  const inputs = await loadInputs({ cwd, prdPath: flags.prd, rcPath: flags.config, cli: flagsToSettings(flags) });
  const plan = await planForRun({ prd: inputs.prd, settings: inputs.resolved.values, repoRoot: inputs.repoRoot, ralphDir: await ralphDir(inputs.repoRoot) }, userThresholdOf(inputs.resolved));
  const { prd } = inputs.prd;
  const open = prd.userStories.filter((s) => !s.passes).length;
  process.stdout.write(
    `${inputs.prd.path}: valid — ${prd.userStories.length} stories (${open} to do), ` +
      `${plan.graph.edges.length} dependency edge(s), ${plan.graph.waves().length} wave(s), no cycles\n`,
  );
  return 0;
}
