/**
 * `ralph-wt merge-file [-p] [-L <label> ×3] <current> <base> <other>`: git merge-file's interface with the
 * entity-aware merge behind it. The result goes into <current> (or stdout with -p); exit 0 clean, 1 conflicts,
 * 2 error. Files the entity merge cannot judge are merged by `git merge-file` itself.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FileMergeError, mergeFileBuffers } from '../../entity-merge/merge-files.js';
import type { FileMergeResponse } from '../../entity-merge/merge-files.js';
import { errorMessage } from '../../util/errors.js';
import type { MergeFileArgs } from './merge-options.js';

export {
  MERGE_FILE_COMMAND,
  MERGE_FILE_DESCRIPTION,
  SAME_ENTITY_CHOICES,
  mergeFileCommandBuilder,
  withEntityMergeOptions,
  type EntityMergeFlags,
  type MergeFileArgs,
  type SameEntityChoice,
} from './merge-options.js';

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
