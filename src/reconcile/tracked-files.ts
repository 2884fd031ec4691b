import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../workspace/git.js';

/** A file's text by repo-relative path, or null for a binary, missing or unreadable one. */
export type ReadText = (file: string) => Promise<string | null>;

/**
 * The batch's files that exist and are tracked in dir (a story may have deleted a file, another merge may
 * have removed it), in the given order. Empty input = every tracked file.
 */
export async function trackedFiles(dir: string, files: readonly string[]): Promise<string[]> {
  const specs = files.map((f) => `:(literal)${f}`);
  if (files.length === 0) {
    const { stdout } = await git(['ls-files', '-z'], { cwd: dir, env: { GIT_OPTIONAL_LOCKS: '0' } });
    return stdout.split('\0').filter((p) => p !== '');
  }
  const tracked = new Set<string>();
  // Chunked: a big batch must not exceed the argument-length limit.
  for (let i = 0; i < specs.length; i += 500) {
    const { stdout } = await git(['ls-files', '-z', '--', ...specs.slice(i, i + 500)], { cwd: dir, env: { GIT_OPTIONAL_LOCKS: '0' } });
    for (const path of stdout.split('\0')) if (path !== '') tracked.add(path);
  }
  return files.filter((f) => tracked.has(f));
}

/** Larger files are not source code anyone merges by hand: no marker or import check reads them. */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/** The bytes as text, or null for a binary (NUL in the first 8 KiB, git's own test) or an oversized file. */
export function textOf(bytes: Buffer): string | null {
  if (bytes.length > MAX_TEXT_BYTES) return null;
  return bytes.subarray(0, 8192).includes(0) ? null : bytes.toString('utf8');
}

/** The file's text, or null for a binary or unreadable file. */
export async function readText(dir: string, file: string): Promise<string | null> {
  try {
    if ((await stat(join(dir, file))).size > MAX_TEXT_BYTES) return null;
    return textOf(await readFile(join(dir, file)));
  } catch {
    return null;
  }
}

/** Reads files from a checkout. */
export function readFromDir(dir: string): ReadText {
  return (file) => readText(dir, file);
}
