import yargs, { type Argv } from 'yargs';
import { configCommandBuilder } from './commands/config-options.js';
import { conflictsCommandBuilder } from './commands/conflicts-options.js';
import {
  MERGE_DRIVER_COMMAND,
  MERGE_DRIVER_DESCRIPTION,
  MERGE_FILE_COMMAND,
  MERGE_FILE_DESCRIPTION,
  mergeDriverCommandBuilder,
  mergeFileCommandBuilder,
} from './commands/merge-options.js';
import { planCommandBuilder } from './commands/plan-options.js';
import { runCommandBuilder, type RunFlags } from './commands/run-options.js';
import { withSettingsFlags } from './run-flags.js';
import { ownVersion } from './package-paths.js';
import { InputError, errorMessage } from '../util/errors.js';
import { explainUnknownCommand } from './unknown-command.js';

// Only builders are imported statically: each handler imports its command module when it runs, so `--help`,
// `--version` or `status` do not pay for loading the scheduler, the entity merge, ajv and the UI.

/** Every command's name, for the unknown-command hint. */
export const COMMAND_NAMES = ['run', 'plan', 'validate', 'config', 'demo', 'conflicts', 'merge-file', 'merge-driver', 'status', 'clean', 'init'] as const;

/** A command line yargs could not make sense of (unknown flag, bad choice). */
class UsageError extends InputError {}

/**
 * CLI entry point; resolves to the process exit code:
 * 0 all stories passed, 1 stories left or failed, 2 bad input, 130 interrupted.
 */
export async function main(argv: string[], cwd: string = process.cwd()): Promise<number> {
  let exitCode = 0;
  const set = (code: number): void => {
    exitCode = code;
  };
  const parser = yargs(argv)
    .scriptName('ralph-wt')
    .usage('$0 <command> [options]\n\nRun a Ralph prd.json through coding agents — one story at a time, or many at once in parallel git worktrees.')
    .command(
      ['run', '$0'],
      'Run the stories of prd.json (sequential by default; --parallel for worktrees)',
      (y: Argv) => runCommandBuilder(y),
      async (args) => set(await runLazily(args, cwd)),
    )
    .command(
      'plan',
      'Show the dependency graph: waves, critical path, width, every edge and why',
      (y: Argv) => planCommandBuilder(y),
      async (args) => {
        const { planCommand } = await import('./commands/plan.js');
        set(await planCommand(args, cwd));
      },
    )
    .command(
      'validate',
      'Check prd.json (schema, ids, dependsOn, targetFiles, cycles) and the settings',
      (y: Argv) => withSettingsFlags(y),
      async (args) => {
        const { validateCommand } = await import('./commands/validate.js');
        set(await validateCommand(args, cwd));
      },
    )
    .command(
      'config',
      'Print the resolved settings and where each value came from',
      (y: Argv) => configCommandBuilder(y),
      async (args) => {
        const { configCommand } = await import('./commands/config.js');
        set(await configCommand(args, cwd));
      },
    )
    .command(
      'demo',
      'Run the real pipeline on a fixture repo with a scripted agent (offline)',
      (y: Argv) =>
        y
          .option('json', { type: 'boolean', describe: 'NDJSON events instead of the progress display' })
          .option('dir', { type: 'string', describe: 'Create the demo repo here instead of a temp dir' })
          .option('sequential', { type: 'boolean', describe: 'Run the demo PRD with the classic sequential loop' }),
      async (args) => {
        const { demoCommand } = await import('./commands/demo.js');
        set(await demoCommand(args));
      },
    )
    .command(
      'conflicts <branchA> <branchB>',
      'Detect conflicts between two story branches: same entity, references to changed code, both added',
      (y: Argv) => conflictsCommandBuilder(y),
      async (args) => {
        const { conflictsCommand } = await import('./commands/conflicts.js');
        set(await conflictsCommand(args, cwd));
      },
    )
    .command(MERGE_FILE_COMMAND, MERGE_FILE_DESCRIPTION, (y: Argv) => mergeFileCommandBuilder(y), async (args) => {
      const { mergeFileCommand } = await import('./commands/merge-file.js');
      set(await mergeFileCommand(args, cwd));
    })
    .command(MERGE_DRIVER_COMMAND, MERGE_DRIVER_DESCRIPTION, (y: Argv) => mergeDriverCommandBuilder(y), async (args) => {
      const { mergeDriverCommand } = await import('./commands/merge-driver.js');
      set(await mergeDriverCommand(args, cwd));
    })
    .command(
      'status',
      'Show the run journal: running, merged, failed and conflicted stories with worktree and log paths',
      (y: Argv) => y.option('json', { type: 'boolean', describe: 'Machine-readable output' }),
      async (args) => {
        const { statusCommand } = await import('./commands/status.js');
        set(await statusCommand(args, cwd));
      },
    )
    .command(
      'clean',
      'Remove ralph-wt worktrees and temporary story branches (conflict branches too with --all)',
      (y: Argv) =>
        y
          .option('all', { type: 'boolean', describe: 'Also delete conflict branches and backup refs' })
          .option('dry-run', { type: 'boolean', describe: 'Only list what would be removed' }),
      async (args) => {
        const { cleanCommand } = await import('./commands/clean.js');
        set(await cleanCommand(args, cwd));
      },
    )
    .command(
      'init',
      'Write a sample prd.json and .ralphrc.yaml in the current directory',
      (y: Argv) => y.option('force', { type: 'boolean', describe: 'Overwrite existing files' }),
      async (args) => {
        const { initCommand } = await import('./commands/init.js');
        set(await initCommand(args, cwd));
      },
    )
    .demandCommand(0)
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(ownVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(explainUnknownCommand(message, argv, COMMAND_NAMES));
    });

  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`ralph-wt: ${error.message}\n`);
      if (error instanceof UsageError) process.stderr.write('Run `ralph-wt --help` for usage.\n');
      return 2;
    }
    process.stderr.write(`ralph-wt: ${errorMessage(error)}\n`);
    if (process.env['RALPH_DEBUG']) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 1;
  }
}

/** `run` loads most of the program: only when it is the command. */
async function runLazily(flags: RunFlags, cwd: string): Promise<number> {
  const { runCommand } = await import('./commands/run.js');
  return runCommand(flags, cwd);
}
