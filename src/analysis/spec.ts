/**
 * What a per-language extractor tells the generic span builder about one syntax node.
 * The builder (extract.ts) owns spans, comments, folding and keys; the language files only classify nodes.
 */
import type { Node } from 'web-tree-sitter';
import type { EntityFamily, EntityKind } from './types.js';

/** Which kind of body a member list belongs to; classification differs (a class body vs an interface body). */
/** `suite`: the callback body of a JS test suite call (`describe('x', () => { ... })`). */
export type ScopeKind = 'top' | 'class' | 'interface' | 'object' | 'impl' | 'trait' | 'struct' | 'module' | 'suite';

export interface ImportCandidate {
  source: string;
  names: string[];
  /** Absolute offsets of the specifier list content, and the specifier nodes. */
  list: { start: number; end: number; items: Node[] } | null;
}

export interface Candidate {
  /** Outermost node of the entity (including `export`, Python `decorated_definition`). */
  node: Node;
  kind: EntityKind;
  family: EntityFamily;
  name: string;
  ordered: boolean;
  /** Node whose children are the members, when the entity can be merged member by member. */
  body?: Node;
  bodyScope?: ScopeKind;
  /**
   * For functions and methods: the function node itself, under any export/decorator wrapper. Its `body` field is
   * where the signature ends; bodiless signatures have none.
   */
  callable?: Node;
  imports?: ImportCandidate;
  /** A sibling after `node` that belongs to the entity (a Python attribute docstring). */
  trailing?: Node;
  /** No name of its own (Rust `const _`): the name is derived from the content. */
  anonymous?: boolean;
}

export interface LanguageSpec {
  classify(node: Node, scope: ScopeKind): Candidate | null;
  /** Preceding siblings that belong to the next entity (TS member decorators, Rust `#[...]`). */
  isAttachable(node: Node): boolean;
  commentTypes: ReadonlySet<string>;
  /** Comments that never attach to an entity (Rust `//!` inner docs). */
  isDetachedComment(text: string): boolean;
  /** Separator between a parent's qualified name and a member's name. */
  memberSeparator(scope: ScopeKind): string;
}

export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

export function allChildren(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** Strip matching quotes of a string literal's text. */
export function unquote(text: string): string {
  const m = /^(['"`])(.*)\1$/s.exec(text);
  return m?.[2] ?? text;
}

/** The one expression of an expression statement (`setup()`, `"doc"`, `m!(...);`), or null for any other node. */
export function soleExpression(statement: Node): Node | null {
  return statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.namedChild(0) : null;
}

/** Siblings looked at to tell whether a key is unique; in a larger scope the answer is "no" (nothing is looked at). */
const MAX_SIBLINGS = 400;

/**
 * Whether no other sibling of `node` has its key: statements that are entities only when they can be told apart
 * (a module-level call made once, a macro call with its own name).
 */
export function uniqueAmongSiblings(node: Node, key: string, keyOf: (sibling: Node) => string | null): boolean {
  const siblings = node.parent ? namedChildren(node.parent) : [node];
  if (siblings.length > MAX_SIBLINGS) return false;
  return siblings.filter((s) => keyOf(s) === key).length === 1;
}
