import { formatResolvedSettings } from '../../config/format.js';
import { buildGraph } from '../../graph/dependency-graph.js';
import { RunLock } from '../../journal/lock.js';
import { recordGroupsIn } from '../../journal/process-groups.js';
import { recoverFromInterruptedRun } from '../../journal/recover.js';
import { runSequential } from '../../scheduler/sequential-runner.js';
import { attachUi } from '../../ui/attach.js';
import { InputError } from '../../util/errors.js';
import { isClean } from '../../workspace/git.js';
import { installInterruptHandler } from '../interrupts.js';
import { createRunContext, loadInputs } from '../prepare-run.js';
import { flagsToSettings } from '../run-flags.js';
import { runParallelWithFallback } from '../../scheduler/parallel-entry.js';
import type { RunFlags } from './run-options.js';

export { runCommandBuilder, type RunFlags } from './run-options.js';

export async function runCommand(flags: RunFlags, cwd: string): Promise<number> {
  const inputs = await loadInputs({ cwd, prdPath: flags.prd, rcPath: flags.config, cli: flagsToSettings(flags) });
  if (flags.dryRun) {
    process.stdout.write(formatResolvedSettings(inputs.resolved));
    return 0;
  }
  // A dependsOn cycle is bad input like any other: refused (exit 2) before anything is created.
  buildGraph(inputs.prd.prd.userStories).validate();
  const settings = inputs.resolved.values;
  if (!settings.allowDirty && !(await isClean(inputs.repoRoot))) {
    throw new InputError(`${inputs.repoRoot} has uncommitted changes: commit or stash them first (or pass --allow-dirty)`);
  }
  const interrupts = installInterruptHandler((signal) => {
    // After SIGHUP the terminal is gone: writing to it would only fail.
    if (signal !== 'SIGHUP') process.stderr.write('\nralph-wt: interrupted — stopping agents and saving state (Ctrl-C again to exit at once)\n');
  });
  let lock: RunLock | null = null;
  let groups: { stop(): void } | null = null;
  const ctx = await createRunContext(inputs, interrupts.controller.signal);
  const ui = attachUi(ctx.bus, { mode: flags.json ? 'json' : 'auto', verbose: flags.verbose ?? false });
  try {
    lock = await RunLock.acquire(ctx.ralphDir);
    if (lock.replacedStale) {
      ctx.bus.emit({ type: 'warning', message: `removed a stale lock left by pid ${lock.replacedStale.holder?.pid ?? 'unknown'}` });
    }
    const recovered = await recoverFromInterruptedRun({ repoRoot: ctx.repoRoot, ralphDir: ctx.ralphDir, worktreeDir: settings.worktreeDir, integrationBranches: [ctx.prd.prd.branchName] });
    for (const message of recovered) ctx.bus.emit({ type: 'warning', message });
    groups = recordGroupsIn(ctx.ralphDir);
    const outcome = settings.parallel ? await runParallelWithFallback(ctx) : await runSequential(ctx);
    return outcome.exitCode;
  } finally {
    groups?.stop();
    await ui.close();
    await lock?.release();
    interrupts.dispose();
  }
}
