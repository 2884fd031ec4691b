import type { Argv } from 'yargs';
import type { FlagsOf } from '../flags-of.js';
import { withSettingsFlags } from '../run-flags.js';

export function configCommandBuilder<T>(yargs: Argv<T>) {
  return withSettingsFlags(yargs).option('json', { type: 'boolean', describe: 'Machine-readable output' });
}

export type ConfigFlags = FlagsOf<typeof configCommandBuilder>;
