import { gitBytes } from './git.js';

/** The three versions of one file, as paths to files git may read. */
export interface MergeFilePaths {
  current: string;
  base: string;
  other: string;
}

/**
 * `git merge-file -p` on three files (git writes none of them): the merged
 * bytes, and git's exit code, which counts the conflicts (capped at 127;
 * negative, or 255 as a process status, is an error; -1 = git did not start).
 */
export async function mergeFileVersions(
  files: MergeFilePaths,
  labels: { current: string; base: string; other: string },
  options: { diff3?: boolean; cwd: string },
): Promise<{ exitCode: number; merged: Buffer; stderr: string }> {
  const args = ['merge-file', '-p', ...(options.diff3 ? ['--diff3'] : [])];
  args.push('-L', labels.current, '-L', labels.base, '-L', labels.other, files.current, files.base, files.other);
  const result = await gitBytes(args, { cwd: options.cwd, reject: false });
  return { exitCode: result.exitCode, merged: result.stdout, stderr: result.stderr };
}
