/** Stage 2: parse and extract each version; the trees are freed here, only plain data leaves. */
import { extractFromTree } from '../analysis/extract.js';
import { parseSource } from '../analysis/languages.js';
import type { ExtractResult, LanguageId } from '../analysis/types.js';

export async function analyse(source: string, lang: LanguageId): Promise<ExtractResult> {
  const tree = await parseSource(source, lang);
  try {
    return extractFromTree(tree, source, lang);
  } finally {
    tree.delete();
  }
}
