/**
 * The judge of a clean merge result that differs from the human's (issue 14 item 5). Equal-to-human is the easy
 * verdict; a different result may still be a fine merge (another order, another formatting) or a broken one. The
 * judge calls it **wrong** when any of these fails:
 *  - parses: no more ERROR/MISSING nodes than the human's file has;
 *  - defines nothing twice: no entity name (top level, or member of a class/impl/interface/module) occurs more often
 *    than in any of base, ours, theirs and the human's file;
 *  - keeps added lines: a line a side added (relative to base) that the human's file also has is present (or
 *    re-wrapped: its text without whitespace occurs in the result without whitespace);
 *  - drops nothing either side added that the human kept: the same for words (an edit inside a line, such as a
 *    specifier added to an import list, leaves no whole line behind) and for entities;
 *  - leaves no name unimported: a name the result uses, which an import of the human's file binds and the human
 *    uses too, is bound by an import of the result (a side deleted the import, the other side's code still uses
 *    the name).
 * Duplicates are counted on the syntax tree (each definition node with its enclosing definitions), not on the
 * extracted entities, which fold consecutive same-name definitions (overloads, getter/setter pairs) into one.
 * Lines, words and entities are compared as multisets (a moved line is neither added nor removed), lines with whitespace
 * collapsed, skipping blank lines and lines without a letter or digit (closing braces carry no edit of their own,
 * and a lost one shows up as a parse error).
 */
import type { Node } from 'web-tree-sitter';
import { extractFromTree, flattenEntities } from '../src/analysis/extract.js';
import { languageForPath, parseSource } from '../src/analysis/languages.js';
import type { Entity, LanguageId } from '../src/analysis/types.js';

export interface JudgeInput {
  path: string;
  base: string;
  ours: string;
  theirs: string;
  human: string;
  /** The clean merge result being judged. */
  merged: string;
}

export type JudgeFailure =
  | { check: 'parse'; mergedErrors: number; humanErrors: number }
  | { check: 'duplicate'; name: string; count: number }
  | { check: 'lost-line'; line: string }
  | { check: 'lost-word'; word: string }
  | { check: 'lost-entity'; name: string }
  | { check: 'unimported'; name: string };

export interface JudgeVerdict {
  /** False when the merge is wrong. Files without a grammar are judged by their lines only. */
  ok: boolean;
  failures: JudgeFailure[];
}

export type Counts = Map<string, number>;

export function count<T>(items: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

export const get = (m: Counts, k: string): number => m.get(k) ?? 0;

/** Lines as compared: whitespace collapsed; blank and letterless lines dropped. */
function significantLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => /[\p{L}\p{N}]/u.test(line));
}

function errorNodes(root: Node): number {
  if (!root.hasError) return 0;
  let n = 0;
  const cursor = root.walk();
  let descend = true;
  for (;;) {
    if (descend) {
      const node = cursor.currentNode;
      if (node.type === 'ERROR' || node.isMissing) n++;
      if (node.hasError && cursor.gotoFirstChild()) continue;
    }
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
  }
  cursor.delete();
  return n;
}

/** Node kinds that define a name in their scope, per grammar family. */
const DEFINITIONS: Record<'ts' | 'python' | 'rust', ReadonlySet<string>> = {
  ts: new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration', 'interface_declaration', 'type_alias_declaration', 'enum_declaration', 'internal_module', 'module', 'method_definition', 'public_field_definition', 'field_definition']),
  python: new Set(['function_definition', 'class_definition']),
  rust: new Set(['function_item', 'function_signature_item', 'struct_item', 'enum_item', 'union_item', 'trait_item', 'impl_item', 'mod_item', 'const_item', 'static_item', 'type_item', 'macro_definition']),
};

function grammarFamily(lang: LanguageId): keyof typeof DEFINITIONS {
  return lang === 'python' ? 'python' : lang === 'rust' ? 'rust' : 'ts';
}

/**
 * The name a definition binds, as `kind name`. A Rust impl is named by its header (`impl Trait for Type`), an
 * anonymous `const _` by its whole text: emitting the same one twice is the failure to catch, two different
 * ones are fine.
 */
function definitionName(node: Node): string | null {
  if (node.type === 'impl_item') {
    const body = node.childForFieldName('body');
    return `impl ${node.text.slice(0, body ? body.startIndex - node.startIndex : undefined).replace(/\s+/g, ' ').trim()}`;
  }
  const name = node.childForFieldName('name') ?? node.childForFieldName('property');
  if (!name) return null;
  if (node.type === 'const_item' && name.text === '_') return `const _ ${node.text.replace(/\s+/g, ' ')}`;
  return `${node.type} ${name.text}`;
}

/** Top-level `const/let/var` names of a TS/JS program (declarators directly in the program or an export). */
function topLevelBindings(root: Node, out: string[]): void {
  for (const stmt of root.namedChildren) {
    const decl = stmt?.type === 'export_statement' ? stmt.childForFieldName('declaration') : stmt;
    if (!decl || (decl.type !== 'lexical_declaration' && decl.type !== 'variable_declaration')) continue;
    for (const d of decl.namedChildren) {
      const name = d?.type === 'variable_declarator' ? d.childForFieldName('name') : null;
      if (name?.type === 'identifier') out.push(`binding ${name.text}`);
    }
  }
}

/** Every definition as `scope/kind name`, where the scope is the chain of enclosing definitions. */
function definitions(root: Node, lang: LanguageId): string[] {
  const kinds = DEFINITIONS[grammarFamily(lang)];
  const out: string[] = [];
  const walk = (node: Node, scope: string): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      let inner = scope;
      if (kinds.has(child.type)) {
        const name = definitionName(child);
        if (name !== null) {
          inner = `${scope}/${name}`;
          out.push(inner);
        }
      }
      walk(child, inner);
    }
  };
  walk(root, '');
  if (grammarFamily(lang) === 'ts') topLevelBindings(root, out);
  return out;
}

interface Structure {
  errors: number;
  /** Definitions with their scope, counted (see `definitions`). */
  definitions: Counts;
  /** Extracted entities by key without ordinals (one name per scope and family), counted. */
  entities: Counts;
  /** Names import statements bind, and the names the text outside them uses. */
  imported: Set<string>;
  used: Set<string>;
}

/** Names used, outside import statements: identifiers not reached through `.` or `::` (a member, a path). */
function namesUsed(text: string, imports: readonly Entity[]): Set<string> {
  let rest = text;
  for (const e of [...imports].sort((a, b) => b.startByte - a.startByte)) rest = rest.slice(0, e.startByte) + rest.slice(e.endByte);
  return new Set(Array.from(rest.matchAll(/(?<![\w$.]|::)[A-Za-z_$][\w$]*/g), (m) => m[0]));
}

async function structure(text: string, lang: LanguageId): Promise<Structure> {
  const tree = await parseSource(text, lang);
  try {
    const { entities } = extractFromTree(tree, text, lang);
    const all = flattenEntities(entities);
    const imports = all.filter((e) => e.imports !== undefined);
    return {
      errors: errorNodes(tree.rootNode),
      definitions: count(definitions(tree.rootNode, lang)),
      entities: count(all.map((e) => e.key.replace(/#\d+/g, ''))),
      imported: new Set(imports.flatMap((e) => e.imports?.names ?? [])),
      used: namesUsed(text, imports),
    };
  } finally {
    tree.delete();
  }
}

/** Words (identifiers, numbers, words of comments and strings) as compared by the token check. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** For each item some side added (more copies than base) that the human also has more of than base: is it kept? */
function lostAdditions(base: Counts, sides: readonly Counts[], human: Counts, merged: Counts): string[] {
  const lost: string[] = [];
  const keys = new Set(sides.flatMap((s) => [...s.keys()]));
  for (const key of keys) {
    const b = get(base, key);
    const added = Math.max(...sides.map((s) => get(s, key)));
    if (added <= b || get(human, key) <= b) continue;
    // What both sides' edits leave: one side's addition minus what the other side deleted
    // (ours adds `from x import y`, theirs deletes another `from …` line: one `from` more, not two).
    const combined = b + sides.reduce((sum, s) => sum + (get(s, key) - b), 0);
    if (get(merged, key) < Math.min(added, combined, get(human, key))) lost.push(key);
  }
  return lost.sort();
}

export async function judgeMerge(input: JudgeInput): Promise<JudgeVerdict> {
  const failures: JudgeFailure[] = [];
  const lines = [input.base, input.ours, input.theirs, input.human, input.merged].map((t) => count(significantLines(t)));
  const [base, ours, theirs, human, merged] = lines as [Counts, Counts, Counts, Counts, Counts];
  // A line the result re-wrapped (an import list one name per line) is still there: its text, whitespace removed,
  // occurs in the result's text, whitespace removed.
  const flatMerged = input.merged.replace(/\s+/g, '');
  for (const line of lostAdditions(base, [ours, theirs], human, merged)) {
    if (!flatMerged.includes(line.replace(/\s+/g, ''))) failures.push({ check: 'lost-line', line });
  }
  const tokens = [input.base, input.ours, input.theirs, input.human, input.merged].map((t) => count(words(t)));
  const [tb, to, tt, th, tm] = tokens as [Counts, Counts, Counts, Counts, Counts];
  for (const word of lostAdditions(tb, [to, tt], th, tm)) failures.push({ check: 'lost-word', word });

  const lang = languageForPath(input.path);
  if (lang !== null) {
    const [sb, so, st, sh, sm] = await Promise.all([input.base, input.ours, input.theirs, input.human, input.merged].map((t) => structure(t, lang)));
    if (!sb || !so || !st || !sh || !sm) throw new Error('judge: a version was not analysed');
    if (sm.errors > sh.errors) failures.push({ check: 'parse', mergedErrors: sm.errors, humanErrors: sh.errors });
    for (const [name, n] of sm.definitions) {
      const most = Math.max(1, ...[sb, so, st, sh].map((s) => get(s.definitions, name)));
      if (n > most) failures.push({ check: 'duplicate', name, count: n });
    }
    for (const name of lostAdditions(sb.entities, [so.entities, st.entities], sh.entities, sm.entities)) failures.push({ check: 'lost-entity', name });
    for (const name of sh.imported) {
      if (sh.used.has(name) && sm.used.has(name) && !sm.imported.has(name)) failures.push({ check: 'unimported', name });
    }
  }
  return { ok: failures.length === 0, failures };
}

export function describeFailure(f: JudgeFailure): string {
  switch (f.check) {
    case 'parse':
      return `parse errors: ${f.mergedErrors} (the human's file: ${f.humanErrors})`;
    case 'duplicate':
      return `defined ${f.count} times: ${f.name}`;
    case 'lost-line':
      return `line added by a side and kept by the human is missing: ${f.line}`;
    case 'lost-word':
      return `word added by a side and kept by the human is missing: ${f.word}`;
    case 'lost-entity':
      return `entity added by a side and kept by the human is missing: ${f.name}`;
    case 'unimported':
      return `uses ${f.name}, which no import of the result binds (the human's file imports it)`;
  }
}
