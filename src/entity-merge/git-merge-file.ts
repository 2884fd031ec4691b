/**
 * `git merge-file` as the fallback line merge: whenever the entity merge refuses a file (no grammar, parse errors,
 * binary or non-UTF-8 content, markers in an input), the result must be byte-for-byte what git would produce, so
 * the tool is never worse than git. It runs on private temporary copies so git never touches the caller's files.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeFileVersions } from '../workspace/merge-file.js';

export interface GitMergeFileInput {
  current: Uint8Array;
  base: Uint8Array;
  other: Uint8Array;
  /** Marker labels for current, base and other (git's -L, in that order). */
  labels: { current: string; base: string; other: string };
  /** Add the base section to conflict boxes (`--diff3`). */
  diff3?: boolean;
}

export type GitMergeFileResult =
  | { ok: true; clean: boolean; conflicts: number; content: Buffer }
  | { ok: false; error: string };

export async function gitMergeFile(input: GitMergeFileInput): Promise<GitMergeFileResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ralph-merge-file-'));
  try {
    const files = { current: join(dir, 'current'), base: join(dir, 'base'), other: join(dir, 'other') };
    await Promise.all([writeFile(files.current, input.current), writeFile(files.base, input.base), writeFile(files.other, input.other)]);
    const r = await mergeFileVersions(files, input.labels, { cwd: dir, ...(input.diff3 ? { diff3: true } : {}) });
    const code = r.exitCode;
    // git merge-file: exit = number of conflicts (capped at 127); a negative value (255 as a process status) is an error.
    if (code < 0 || code > 127) {
      const stderr = r.stderr.trim();
      return { ok: false, error: stderr || `git merge-file failed (exit ${code})` };
    }
    return { ok: true, clean: code === 0, conflicts: code, content: r.merged };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
