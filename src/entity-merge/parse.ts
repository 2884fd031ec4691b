/**
 * Stage 2: parse and extract each version. Versions of one file differ in a few places, so after the first (base)
 * every parse is incremental: the previous tree is copied, told which line ranges changed (Myers hunks), and
 * tree-sitter reuses the unchanged subtrees. That is a full, correct parse of the new text at a fraction of the
 * cost; only plain data (ExtractResult) leaves this module, and the caller frees the trees it keeps.
 */
import { Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import { extractFromTree } from '../analysis/extract.js';
import { loadLanguage, parseSource } from '../analysis/languages.js';
import type { ExtractResult, LanguageId } from '../analysis/types.js';
import { splitLines } from './lines.js';
import { diffHunks, internLines } from './myers.js';

export interface ParsedVersion {
  text: string;
  tree: Tree;
}

const parsers = new Map<LanguageId, Promise<Parser>>();

function parserFor(lang: LanguageId): Promise<Parser> {
  let parser = parsers.get(lang);
  if (!parser) {
    parser = loadLanguage(lang).then((language) => new Parser().setLanguage(language));
    parsers.set(lang, parser);
  }
  return parser;
}

/** Offsets of each line start, plus the end of the text. */
function lineOffsets(lines: readonly string[]): number[] {
  const offsets = [0];
  for (const line of lines) offsets.push((offsets[offsets.length - 1] ?? 0) + line.length);
  return offsets;
}

/** A copy of `from.tree` edited to line up with `text` (whole-line edits, applied last to first). */
function editedCopy(from: ParsedVersion, text: string): Tree {
  const oldLines = splitLines(from.text);
  const newLines = splitLines(text);
  const [a, b] = internLines(oldLines, newLines) as [Int32Array, Int32Array];
  const oldAt = lineOffsets(oldLines);
  const newAt = lineOffsets(newLines);
  const tree = from.tree.copy();
  const hunks = diffHunks(a, b);
  for (let i = hunks.length - 1; i >= 0; i--) {
    const h = hunks[i];
    if (!h) continue;
    // Edits go from the end backwards, so every edit's start is still in the old text's coordinates.
    const start = oldAt[h.baseStart] ?? 0;
    const oldEnd = oldAt[h.baseStart + h.baseLength] ?? start;
    const newLength = (newAt[h.sideStart + h.sideLength] ?? 0) - (newAt[h.sideStart] ?? 0);
    tree.edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: start + newLength,
      startPosition: { row: h.baseStart, column: 0 },
      oldEndPosition: { row: h.baseStart + h.baseLength, column: 0 },
      newEndPosition: { row: h.baseStart + h.sideLength, column: 0 },
    });
  }
  return tree;
}

/** Parse `text`, incrementally from a previous version when given. The caller owns (and deletes) the tree. */
export async function parseVersion(text: string, lang: LanguageId, from?: ParsedVersion): Promise<ParsedVersion> {
  if (!from) return { text, tree: await parseSource(text, lang) };
  const parser = await parserFor(lang);
  const old = editedCopy(from, text);
  try {
    const tree = parser.parse(text, old);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${lang} source`);
    return { text, tree };
  } finally {
    old.delete();
  }
}

export function extractVersion(version: ParsedVersion, lang: LanguageId): ExtractResult {
  return extractFromTree(version.tree, version.text, lang);
}

/** Parse (incrementally when `from` is given) and extract, freeing the tree. */
export async function analyse(source: string, lang: LanguageId, from?: ParsedVersion): Promise<ExtractResult> {
  const version = await parseVersion(source, lang, from);
  try {
    return extractVersion(version, lang);
  } finally {
    version.tree.delete();
  }
}
