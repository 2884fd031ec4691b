import { formatResolvedSettings } from '../../config/format.js';
import { loadInputs } from '../prepare-run.js';
import { flagsToSettings } from '../run-flags.js';
import type { ConfigFlags } from './config-options.js';

/** `ralph-wt config`: every resolved setting and where it came from (flag, prd.json, rc file, default). */
export async function configCommand(flags: ConfigFlags, cwd: string): Promise<number> {
  const inputs = await loadInputs({ cwd, prdPath: flags.prd, rcPath: flags.config, cli: flagsToSettings(flags) });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ values: inputs.resolved.values, sources: inputs.resolved.sources, rcFile: inputs.resolved.rcPath }, null, 2)}\n`);
  } else {
    process.stdout.write(formatResolvedSettings(inputs.resolved));
  }
  return 0;
}
