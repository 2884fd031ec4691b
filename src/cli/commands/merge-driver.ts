/**
 * `ralph-wt merge-driver %O %A %B %P`: a git merge driver. In `.gitattributes`: `*.ts merge=ralph-wt`; in the git
 * config: `git config merge.ralph-wt.driver "ralph-wt merge-driver %O %A %B %P"`. Git hands over temporary files
 * (base %O, ours %A, theirs %B) and the real path %P; the result goes into %A, and the exit code tells git
 * whether it is clean (0) or conflicted (1); 2 on error, which git also treats as a conflict.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mergeFileBuffers } from '../../entity-merge/merge-files.js';
import { errorMessage } from '../../util/errors.js';
import { reportConflicts } from './merge-file.js';
import type { MergeDriverArgs } from './merge-options.js';

export {
  MERGE_DRIVER_COMMAND,
  MERGE_DRIVER_DESCRIPTION,
  mergeDriverCommandBuilder,
  type MergeDriverArgs,
} from './merge-options.js';

export async function mergeDriverCommand(args: MergeDriverArgs, cwd: string): Promise<number> {
  const path = args.path ?? args.current;
  try {
    const target = resolve(cwd, args.current);
    const [base, current, other] = await Promise.all([readFile(resolve(cwd, args.base)), readFile(target), readFile(resolve(cwd, args.other))]);
    const result = await mergeFileBuffers({
      current,
      base,
      other,
      path,
      // Git gives a driver no branch names (%S/%X/%Y need git 2.44); name the sides after their roles.
      labels: { current: `ours:${path}`, base: `base:${path}`, other: `theirs:${path}` },
      sameEntity: args.sameEntity ?? 'conflict',
      diff3: args.diff3 ?? false,
    });
    await writeFile(target, result.content);
    reportConflicts('merge-driver', path, result, args.quiet);
    return result.clean ? 0 : 1;
  } catch (error) {
    process.stderr.write(`ralph-wt merge-driver: ${errorMessage(error)}\n`);
    return 2;
  }
}
