import type { Argv } from 'yargs';
import type { FlagsOf } from '../flags-of.js';
import { withSettingsFlags } from '../run-flags.js';

export function runCommandBuilder<T>(yargs: Argv<T>) {
  return withSettingsFlags(yargs)
    .option('json', { type: 'boolean', describe: 'Print newline-delimited JSON events instead of the progress display', group: 'Output:' })
    .option('dry-run', { type: 'boolean', describe: 'Print the resolved settings and stop', group: 'Output:' })
    .option('verbose', { type: 'boolean', alias: 'v', describe: 'Show every agent activity line (non-TTY output)', group: 'Output:' })
    .example('$0 run', 'Classic Ralph loop: one story at a time on the PRD branch')
    .example('$0 run --parallel', 'Ready stories run concurrently, each in its own worktree')
    .example('$0 run --parallel --max-concurrency 4 --gate "npm test"', 'Four at a time, `npm test` must pass before a story counts')
    .example('$0 run --agent custom --agent-command ./my-agent.sh', 'Any executable that follows the agent contract');
}

export type RunFlags = FlagsOf<typeof runCommandBuilder>;
