/**
 * Command strings, builders and argument types of `merge-file` and `merge-driver`, apart from their handlers so
 * the CLI can parse without loading the entity merge (tree-sitter and friends).
 */
import type { Argv } from 'yargs';

export const SAME_ENTITY_CHOICES = ['conflict', 'diff3'] as const;
export type SameEntityChoice = (typeof SAME_ENTITY_CHOICES)[number];
export const DEFAULT_SAME_ENTITY: SameEntityChoice = 'conflict';

/** Options shared by `merge-file` and `merge-driver`. */
export function withEntityMergeOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('same-entity', {
      choices: SAME_ENTITY_CHOICES,
      default: DEFAULT_SAME_ENTITY,
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

/**
 * A plain `merge-file` / `merge-driver` command line, parsed without yargs; null for anything else (help, version,
 * combined short flags, unknown options, a wrong number of operands), which the full CLI then parses and reports.
 * Git runs a merge driver once per conflicted file, so start-up time is paid per file.
 */
export type QuickMergeCommand = { command: 'merge-file'; args: MergeFileArgs } | { command: 'merge-driver'; args: MergeDriverArgs };

const VALUE_OPTIONS: Record<string, string> = { '-L': 'label', '--label': 'label', '--path': 'path', '--same-entity': 'same-entity', '--marker-size': 'marker-size' };
const FLAG_OPTIONS: Record<string, string> = { '-p': 'stdout', '--stdout': 'stdout', '--diff3': 'diff3', '-q': 'quiet', '--quiet': 'quiet' };

export function parseQuickMergeCommand(argv: readonly string[]): QuickMergeCommand | null {
  const [command, ...rest] = argv;
  if (command !== 'merge-file' && command !== 'merge-driver') return null;
  const operands: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--') {
      operands.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const valueOption = VALUE_OPTIONS[name];
    if (valueOption !== undefined) {
      const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) return null;
      values.set(valueOption, [...(values.get(valueOption) ?? []), value]);
      continue;
    }
    const flag = FLAG_OPTIONS[arg];
    if (flag === undefined) return null;
    flags.add(flag);
  }
  const single = (key: string): string | undefined | null => {
    const all = values.get(key) ?? [];
    return all.length > 1 ? null : all[0];
  };
  const sameEntity = single('same-entity');
  if (sameEntity === null || (sameEntity !== undefined && !SAME_ENTITY_CHOICES.some((c) => c === sameEntity))) return null;
  const common: EntityMergeFlags = { sameEntity: sameEntity === 'diff3' ? 'diff3' : 'conflict', diff3: flags.has('diff3'), quiet: flags.has('quiet') };
  if (command === 'merge-file') {
    const path = single('path');
    const [current, base, other, ...extra] = operands;
    if (current === undefined || base === undefined || other === undefined || extra.length > 0 || path === null || values.has('marker-size')) return null;
    const args: MergeFileArgs = { ...common, current, base, other, stdout: flags.has('stdout'), label: values.get('label') ?? [] };
    if (path !== undefined) args.path = path;
    return { command, args };
  }
  const [base, current, other, path, ...extra] = operands;
  const markerSize = single('marker-size');
  if (base === undefined || current === undefined || other === undefined || extra.length > 0) return null;
  if (flags.has('stdout') || values.has('label') || values.has('path') || markerSize === null || (markerSize !== undefined && !/^\d+$/.test(markerSize))) return null;
  const args: MergeDriverArgs = { ...common, base, current, other };
  if (path !== undefined) args.path = path;
  return { command, args };
}

/**
 * Runs a plain merge-file/merge-driver command line (see parseQuickMergeCommand) without loading the rest of the
 * CLI; null when the line is not plain.
 */
export async function runQuickMergeCommand(argv: readonly string[], cwd: string): Promise<number | null> {
  const parsed = parseQuickMergeCommand(argv);
  if (parsed === null) return null;
  if (parsed.command === 'merge-file') {
    const { mergeFileCommand } = await import('./merge-file.js');
    return mergeFileCommand(parsed.args, cwd);
  }
  const { mergeDriverCommand } = await import('./merge-driver.js');
  return mergeDriverCommand(parsed.args, cwd);
}
