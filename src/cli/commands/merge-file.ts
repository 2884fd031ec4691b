/**
 * `ralph-wt merge-file [-p] [-L <label> ×3] <current> <base> <other>`: git merge-file's interface with the
 * entity-aware merge behind it. The result goes into <current> (or stdout with -p); exit 0 clean, 1 conflicts,
 * 2 error. Files the entity merge cannot judge are merged by `git merge-file` itself.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { FileMergeError, mergeFileBuffers } from '../../entity-merge/merge-files.js';
import type { FileMergeResponse } from '../../entity-merge/merge-files.js';
import { errorMessage } from '../../util/errors.js';

export const SAME_ENTITY_CHOICES = ['conflict', 'diff3'] as const;
export type SameEntityChoice = (typeof SAME_ENTITY_CHOICES)[number];

/** Options shared with `merge-driver`. */
export function withEntityMergeOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('same-entity', {
      choices: SAME_ENTITY_CHOICES,
      default: 'conflict' as SameEntityChoice,
      describe: 'Both sides changed one function/method: always a conflict, or a line merge inside it',
    })
    .option('diff3', { type: 'boolean', default: false, describe: "Show the base section in git merge-file's fallback conflicts" })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Do not report conflicts on stderr' });
}

/** Where the command is registered: `.command(MERGE_FILE_COMMAND, MERGE_FILE_DESCRIPTION, builder, handler)`. */
export const MERGE_FILE_COMMAND = 'merge-file <current> <base> <other>';
export const MERGE_FILE_DESCRIPTION = 'Three-way merge of one file (git merge-file interface) with the entity-aware merge';

export function mergeFileCommandBuilder<T>(yargs: Argv<T>) {
  return withEntityMergeOptions(yargs)
    .positional('current', { type: 'string', demandOption: true, describe: 'Our version; receives the result unless -p' })
    .positional('base', { type: 'string', demandOption: true, describe: 'The common ancestor' })
    .positional('other', { type: 'string', demandOption: true, describe: 'Their version' })
    .option('stdout', { alias: 'p', type: 'boolean', default: false, describe: 'Write the result to stdout instead of <current>' })
    .option('label', {
      alias: 'L',
      type: 'string',
      describe: 'Conflict marker label, given up to three times: current, base, other (default: the file names)',
      coerce: (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]),
    })
    .option('path', { type: 'string', describe: 'Name that picks the language (default: <current>)' })
    .example('$0 merge-file -p src/cart.ts base.ts theirs.ts', 'Print the merge of three versions of cart.ts')
    .example('$0 merge-file --same-entity diff3 a.py base.py b.py', 'Merge line-wise inside a function both sides changed');
}

export interface EntityMergeFlags {
  sameEntity?: SameEntityChoice;
  diff3?: boolean;
  quiet?: boolean;
}

export interface MergeFileArgs extends EntityMergeFlags {
  current: string;
  base: string;
  other: string;
  stdout?: boolean;
  label?: string[];
  path?: string;
}

/** One line per conflict on stderr (git prints nothing; a merge driver's stderr shows up in `git merge`). */
export function reportConflicts(command: string, path: string, result: FileMergeResponse, quiet: boolean | undefined): void {
  if (quiet || result.clean) return;
  const via = result.method === 'git' ? ` (git merge-file: ${result.reason ?? 'fallback'})` : '';
  process.stderr.write(`ralph-wt ${command}: conflict in ${path}${via}\n`);
  for (const c of result.conflicts) process.stderr.write(`  ${c}\n`);
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new FileMergeError(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

export async function mergeFileCommand(args: MergeFileArgs, cwd: string): Promise<number> {
  try {
    const paths = { current: resolve(cwd, args.current), base: resolve(cwd, args.base), other: resolve(cwd, args.other) };
    const labels = args.label ?? [];
    if (labels.length > 3) throw new FileMergeError('at most three -L labels (current, base, other)');
    const [current, base, other] = await Promise.all([readInput(paths.current), readInput(paths.base), readInput(paths.other)]);
    const result = await mergeFileBuffers({
      current,
      base,
      other,
      path: args.path ?? args.current,
      labels: { current: labels[0] ?? args.current, base: labels[1] ?? args.base, other: labels[2] ?? args.other },
      sameEntity: args.sameEntity ?? 'conflict',
      diff3: args.diff3 ?? false,
    });
    if (args.stdout) process.stdout.write(result.content);
    else await writeFile(paths.current, result.content);
    reportConflicts('merge-file', args.current, result, args.quiet);
    return result.clean ? 0 : 1;
  } catch (error) {
    process.stderr.write(`ralph-wt merge-file: ${errorMessage(error)}\n`);
    return 2;
  }
}
