/** Parse a file once and return its entities and identifier uses: the unit of work of the pool and of inline mode. */
import { extractFromTree } from '../extract.js';
import { languageForPath, parseSource } from '../languages.js';
import { identifierUses } from './identifiers.js';
import type { FileAnalysis } from './types.js';

/** Null when the path has no grammar (the caller falls back to file-level handling). */
export async function analyseFile(path: string, source: string): Promise<FileAnalysis | null> {
  const lang = languageForPath(path);
  if (!lang) return null;
  const tree = await parseSource(source, lang);
  try {
    const result = extractFromTree(tree, source, lang);
    return { ...result, lang, identifiers: identifierUses(tree.rootNode) };
  } finally {
    tree.delete();
  }
}
