/**
 * Command strings, builders and argument types of `merge-file` and `merge-driver`, apart from their handlers so
 * the CLI can parse without loading the entity merge (tree-sitter and friends).
 */
import type { Argv } from 'yargs';

export const SAME_ENTITY_CHOICES = ['conflict', 'diff3'] as const;
export type SameEntityChoice = (typeof SAME_ENTITY_CHOICES)[number];

/** Options shared by `merge-file` and `merge-driver`. */
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

export interface EntityMergeFlags {
  sameEntity?: SameEntityChoice;
  diff3?: boolean;
  quiet?: boolean;
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

export interface MergeFileArgs extends EntityMergeFlags {
  current: string;
  base: string;
  other: string;
  stdout?: boolean;
  label?: string[];
  path?: string;
}

export const MERGE_DRIVER_COMMAND = 'merge-driver <base> <current> <other> [path]';
export const MERGE_DRIVER_DESCRIPTION = 'Git merge driver: ralph-wt merge-driver %O %A %B %P (result written into %A)';

export function mergeDriverCommandBuilder<T>(yargs: Argv<T>) {
  return withEntityMergeOptions(yargs)
    .positional('base', { type: 'string', demandOption: true, describe: "%O: the merge base's version" })
    .positional('current', { type: 'string', demandOption: true, describe: '%A: our version; receives the result' })
    .positional('other', { type: 'string', demandOption: true, describe: "%B: the other branch's version" })
    .positional('path', { type: 'string', describe: '%P: the path in the repository (picks the language)' })
    .option('marker-size', { type: 'number', describe: '%L: accepted for compatibility; markers are always 7 characters' })
    .epilogue(
      'Setup:\n  echo "*.ts merge=ralph-wt" >> .gitattributes\n  git config merge.ralph-wt.driver "ralph-wt merge-driver %O %A %B %P"',
    );
}

export interface MergeDriverArgs extends EntityMergeFlags {
  base: string;
  current: string;
  other: string;
  path?: string;
}
