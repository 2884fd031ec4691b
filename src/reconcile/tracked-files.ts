import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { trackedFiles as trackedIn } from '../workspace/working-tree.js';

/** A file's text by repo-relative path, or null for a binary, missing or unreadable one. */
export type ReadText = (file: string) => Promise<string | null>;

/**
 * The batch's files that exist and are tracked in dir (a story may have deleted a file, another merge may
 * have removed it), in the given order. Empty input = every tracked file.
 */
export async function trackedFiles(dir: string, files: readonly string[]): Promise<string[]> {
  return files.length === 0 ? trackedIn(dir) : trackedIn(dir, files);
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
