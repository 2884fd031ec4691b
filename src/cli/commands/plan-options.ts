import type { Argv } from 'yargs';
import type { PlanFormat } from '../../graph/render/model.js';
import type { FlagsOf } from '../flags-of.js';
import { withSettingsFlags } from '../run-flags.js';

const PLAN_FORMATS = ['text', 'json', 'mermaid', 'dot'] as const satisfies readonly PlanFormat[];

export function planCommandBuilder<T>(yargs: Argv<T>) {
  return withSettingsFlags(yargs)
    .option('format', { choices: PLAN_FORMATS, default: 'text' as const, describe: 'Output format' })
    .example('$0 plan --format mermaid', 'A diagram for a README or PR');
}

export type PlanFlags = FlagsOf<typeof planCommandBuilder>;
