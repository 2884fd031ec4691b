import type { Argv } from 'yargs';
import { formatResolvedSettings } from '../../config/format.js';
import { RunLock } from '../../journal/lock.js';
import { runSequential } from '../../scheduler/sequential-runner.js';
import { attachUi } from '../../ui/attach.js';
import { InputError } from '../../util/errors.js';
import { isClean, startGitHost, stopGitHost } from '../../workspace/git.js';
import { installInterruptHandler } from '../interrupts.js';
import { createRunContext, loadInputs } from '../prepare-run.js';
import { flagsToSettings, withSettingsFlags, type SettingsFlagValues } from '../run-flags.js';
import { runParallelWithFallback } from '../../scheduler/parallel-entry.js';

export interface RunFlags extends SettingsFlagValues {
  json?: boolean | undefined;
  dryRun?: boolean | undefined;
  verbose?: boolean | undefined;
}

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

export async function runCommand(flags: RunFlags, cwd: string): Promise<number> {
  // A run makes hundreds of git calls: spawn them from a small host process.
  startGitHost();
  try {
    return await runWithHost(flags, cwd);
  } finally {
    await stopGitHost();
  }
}

async function runWithHost(flags: RunFlags, cwd: string): Promise<number> {
  const inputs = await loadInputs({ cwd, prdPath: flags.prd, rcPath: flags.config, cli: flagsToSettings(flags) });
  if (flags.dryRun) {
    process.stdout.write(formatResolvedSettings(inputs.resolved));
    return 0;
  }
  const settings = inputs.resolved.values;
  if (!settings.allowDirty && !(await isClean(inputs.repoRoot))) {
    throw new InputError(`${inputs.repoRoot} has uncommitted changes: commit or stash them first (or pass --allow-dirty)`);
  }
  const interrupts = installInterruptHandler(() => {
    process.stderr.write('\nralph-wt: interrupted — stopping agents and saving state (Ctrl-C again to exit at once)\n');
  });
  let lock: RunLock | null = null;
  const ctx = await createRunContext(inputs, interrupts.controller.signal);
  const ui = attachUi(ctx.bus, { mode: flags.json ? 'json' : 'auto', verbose: flags.verbose ?? false });
  try {
    lock = await RunLock.acquire(ctx.ralphDir);
    if (lock.replacedStale) {
      ctx.bus.emit({ type: 'warning', message: `removed a stale lock left by pid ${lock.replacedStale.holder?.pid ?? 'unknown'}` });
    }
    const outcome = settings.parallel ? await runParallelWithFallback(ctx) : await runSequential(ctx);
    return outcome.exitCode;
  } finally {
    await ui.close();
    await lock?.release();
    interrupts.dispose();
  }
}
