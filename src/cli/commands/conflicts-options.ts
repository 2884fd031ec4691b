import type { Argv } from 'yargs';
import { CONFLICT_STRATEGY_WORDS } from '../../prd/vocabulary.js';
import type { FlagsOf } from '../flags-of.js';
import { DEFAULT_SAME_ENTITY, SAME_ENTITY_CHOICES } from './merge-options.js';

export function conflictsCommandBuilder<T>(yargs: Argv<T>) {
  return yargs
    .positional('branchA', { type: 'string', demandOption: true, describe: 'First story branch (reported as "ours")' })
    .positional('branchB', { type: 'string', demandOption: true, describe: 'Second story branch (reported as "theirs")' })
    .option('base', { type: 'string', describe: 'Compare against this revision instead of the merge-base' })
    .option('strategy', { type: 'string', default: 'entity', describe: `Detection strategy: ${CONFLICT_STRATEGY_WORDS}` })
    .option('same-entity', {
      choices: SAME_ENTITY_CHOICES,
      default: DEFAULT_SAME_ENTITY,
      describe: 'Both branches changed one function: a conflict (default), or fine when a line merge inside it is clean (as run --same-entity)',
    })
    .option('json', { type: 'boolean', describe: 'Print the report as JSON' })
    .example('$0 conflicts ralph/US-007 ralph/US-008', 'Entities both stories touch, and changed code the other story calls')
    .example('$0 conflicts a b --strategy file', 'Any file changed on both branches')
    .example('$0 conflicts a b --base main --json', 'Against main, machine-readable');
}

export type ConflictsFlags = FlagsOf<typeof conflictsCommandBuilder>;
