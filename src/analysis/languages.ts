/**
 * Grammar selection and loading. Loading the wasm runtime and grammars is the only I/O of the analysis core,
 * done once per process: every promise is cached.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import type { LanguageId } from './types.js';

const EXTENSIONS: ReadonlyArray<readonly [string, LanguageId]> = [
  ['.ts', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.tsx', 'tsx'],
  ['.js', 'javascript'],
  ['.jsx', 'javascript'],
  ['.mjs', 'javascript'],
  ['.cjs', 'javascript'],
  ['.py', 'python'],
  ['.rs', 'rust'],
];

/** The grammar for a path, by extension; null when unsupported (the caller falls back to a line merge). */
export function languageForPath(path: string): LanguageId | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.d.ts')) return 'typescript';
  for (const [ext, id] of EXTENSIONS) {
    if (lower.endsWith(ext)) return id;
  }
  return null;
}

/** Extension used for files of a language (corpus fixtures, temporary names). */
export function extensionFor(lang: LanguageId): string {
  switch (lang) {
    case 'typescript':
      return 'ts';
    case 'tsx':
      return 'tsx';
    case 'javascript':
      return 'js';
    case 'python':
      return 'py';
    case 'rust':
      return 'rs';
  }
}

const WASM_FILE: Record<LanguageId, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  rust: 'tree-sitter-rust.wasm',
};

// createRequire resolves relative to this module, so it works from src/ (jest) and dist/ alike.
const requireFromHere = createRequire(import.meta.url);

let runtime: Promise<void> | null = null;
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, Promise<Parser>>();

function initRuntime(): Promise<void> {
  runtime ??= Parser.init();
  return runtime;
}

export function loadLanguage(id: LanguageId): Promise<Language> {
  let loaded = languages.get(id);
  if (!loaded) {
    loaded = initRuntime().then(() => Language.load(requireFromHere.resolve(`tree-sitter-wasms/out/${WASM_FILE[id]}`)));
    languages.set(id, loaded);
  }
  return loaded;
}

async function parserFor(id: LanguageId): Promise<Parser> {
  let parser = parsers.get(id);
  if (!parser) {
    parser = loadLanguage(id).then((language) => new Parser().setLanguage(language));
    parsers.set(id, parser);
  }
  return parser;
}

/** Parse source text. The caller owns the tree and should `delete()` it when done (wasm memory). */
export async function parseSource(source: string, id: LanguageId): Promise<Tree> {
  const parser = await parserFor(id);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${id} source`);
  return tree;
}
