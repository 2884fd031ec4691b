/** Node classification for Rust. */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, soleExpression, uniqueAmongSiblings } from './spec.js';
import type { Candidate, ImportCandidate, LanguageSpec, ScopeKind } from './spec.js';
import { entityHash } from './hash.js';
import { normaliseWhitespace } from './text-index.js';

const COMMENTS: ReadonlySet<string> = new Set(['line_comment', 'block_comment']);

/** `impl<'a> Display for Foo<'a>` and `impl Display for Foo` are the same block: erase lifetimes from the key. */
function eraseLifetimes(text: string): string {
  return normaliseWhitespace(text)
    .replace(/'[A-Za-z_][A-Za-z0-9_]*\s*,?\s*/g, '')
    .replace(/<\s*>/g, '')
    .replace(/,\s*>/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

function useListItems(list: Node): Node[] {
  return namedChildren(list).filter((c) => !COMMENTS.has(c.type));
}

function useCandidate(node: Node): ImportCandidate {
  const argument = field(node, 'argument');
  if (!argument) return { source: normaliseWhitespace(node.text), names: [], list: null };
  if (argument.type === 'scoped_use_list') {
    const path = field(argument, 'path');
    const useList = field(argument, 'list');
    const items = useList ? useListItems(useList) : [];
    const open = useList?.child(0);
    const close = useList?.child(useList.childCount - 1);
    const list = useList && open?.type === '{' && close?.type === '}' ? { start: open.endIndex, end: close.startIndex, items } : null;
    return { source: path ? normaliseWhitespace(path.text) : '', names: items.flatMap((item) => boundNames(item, path)), list };
  }
  if (argument.type === 'use_list') {
    const items = useListItems(argument);
    const open = argument.child(0);
    const close = argument.child(argument.childCount - 1);
    const list = open?.type === '{' && close?.type === '}' ? { start: open.endIndex, end: close.startIndex, items } : null;
    return { source: '', names: items.flatMap((item) => boundNames(item, null)), list };
  }
  return { source: normaliseWhitespace(argument.text), names: [lastSegment(argument)], list: null };
}

/**
 * Names one item of a use list binds. `self` binds the module the list is under (`compilation` in
 * `compiler::compilation::{self, UnitOutput}`), and a nested list binds what its own items bind.
 */
function boundNames(item: Node, path: Node | null): string[] {
  if (item.type === 'self') return path ? [lastSegment(path)] : [];
  if (item.type === 'scoped_use_list') {
    const inner = field(item, 'path');
    const list = field(item, 'list');
    return list ? useListItems(list).flatMap((c) => boundNames(c, inner)) : [];
  }
  return [lastSegment(item)];
}

function lastSegment(node: Node): string {
  if (node.type === 'use_as_clause') return field(node, 'alias')?.text ?? node.text;
  const parts = node.text.split('::');
  return (parts[parts.length - 1] ?? node.text).trim();
}

function visibility(node: Node): string {
  const vis = namedChildren(node).find((c) => c.type === 'visibility_modifier');
  return vis ? `${normaliseWhitespace(vis.text)} ` : '';
}

/** `#[cfg(...)]` variants of one item coexist, so the cfg text is part of the name. */
function cfgSuffix(node: Node): string {
  const cfgs: string[] = [];
  for (let prev = node.previousNamedSibling; prev && (prev.type === 'attribute_item' || COMMENTS.has(prev.type)); prev = prev.previousNamedSibling) {
    if (prev.type === 'attribute_item' && /^#\[\s*cfg\s*\(/.test(prev.text)) cfgs.unshift(normaliseWhitespace(prev.text));
  }
  return cfgs.length ? ` ${cfgs.join(' ')}` : '';
}

function fieldOrderMatters(item: Node | null): boolean {
  for (let prev = item?.previousNamedSibling ?? null; prev && (prev.type === 'attribute_item' || COMMENTS.has(prev.type)); prev = prev.previousNamedSibling) {
    if (prev.type !== 'attribute_item') continue;
    const text = normaliseWhitespace(prev.text);
    if (/^#\[\s*repr\s*\(/.test(text) || (/^#\[\s*derive\s*\(/.test(text) && /\b(PartialOrd|Ord)\b/.test(text))) return true;
  }
  return false;
}

/** `name!(first_identifier` of an item-level macro call, or null (not a macro call, or given no identifier). */
function macroKey(node: Node): string | null {
  const call = soleExpression(node) ?? node;
  if (call.type !== 'macro_invocation') return null;
  const macro = field(call, 'macro')?.text ?? call.namedChild(0)?.text ?? '';
  const args = namedChildren(call).find((c) => c.type === 'token_tree');
  const first = args ? namedChildren(args).find((c) => c.type === 'identifier') : undefined;
  return first ? `${macro}!(${first.text})` : null;
}

/**
 * An item-level macro call (`test!(name { ... })`, `declare_lint! { pub NAME, ... }`) defines items, whose order in a
 * module does not matter: keyed by the macro and the first identifier it is given. Calls without one, or whose key
 * another call in the module shares (`cfg_if!` blocks), have no identity and stay text.
 */
function macroCall(node: Node): Candidate | null {
  const key = macroKey(node);
  if (key === null || !uniqueAmongSiblings(node, key, macroKey)) return null;
  return { node, kind: 'macro', family: 'macro', name: key, ordered: false };
}

/** `#![feature(x)]` and kin: a set, except doc attributes, whose order is the documentation's. */
function innerAttribute(node: Node): Candidate | null {
  // At the very start of a file the grammar reads `#![...]` as a shebang line.
  if (node.type !== 'inner_attribute_item' && !(node.type === 'shebang' && node.text.startsWith('#!['))) return null;
  const name = normaliseWhitespace(node.text);
  return { node, kind: 'attribute', family: 'module', name, ordered: /^#!\[\s*doc\b/.test(name) };
}

function classify(node: Node, scope: ScopeKind): Candidate | null {
  const nameText = field(node, 'name')?.text ?? '';
  const inImplOrTrait = scope === 'impl' || scope === 'trait';
  const named = (c: Omit<Candidate, 'name'>, name: string): Candidate => ({ ...c, name: name + cfgSuffix(node) });
  if (scope === 'struct') {
    if (node.type !== 'field_declaration') return null;
    // Field order is layout under `repr(...)` and comparison order under derive(PartialOrd/Ord); otherwise fields commute.
    return named({ node, kind: 'field', family: 'value', ordered: fieldOrderMatters(node.parent?.parent ?? null) }, nameText);
  }
  switch (node.type) {
    case 'function_item':
    case 'function_signature_item':
      return named({ node, kind: inImplOrTrait ? 'method' : 'function', family: 'value', ordered: false, callable: node }, nameText);
    case 'const_item':
    case 'static_item': {
      // `const _: () = ...;` is anonymous: key by content.
      if (nameText === '_') return named({ node, kind: 'variable', family: 'value', ordered: false, anonymous: true }, `_#${entityHash(node.text).slice(0, 12)}`);
      return named({ node, kind: 'variable', family: 'value', ordered: false }, nameText);
    }
    case 'type_item':
    case 'associated_type':
      return named({ node, kind: 'type', family: 'type', ordered: false }, nameText);
    case 'macro_definition':
      return named({ node, kind: 'macro', family: 'macro', ordered: false }, nameText);
    default:
      break;
  }
  if (scope !== 'top' && scope !== 'module') return null;
  switch (node.type) {
    case 'struct_item': {
      const body = field(node, 'body');
      const withFields = body?.type === 'field_declaration_list' ? body : null;
      return named({ node, kind: 'struct', family: 'type', ordered: false, ...(withFields ? { body: withFields, bodyScope: 'struct' as const } : {}) }, nameText);
    }
    case 'union_item':
      return named({ node, kind: 'struct', family: 'type', ordered: false }, nameText);
    case 'enum_item':
      // Variant order is meaningful (discriminants, derive(Ord)): enums merge as leaves.
      return named({ node, kind: 'enum', family: 'type', ordered: false }, nameText);
    case 'trait_item': {
      const body = field(node, 'body');
      return named({ node, kind: 'trait', family: 'type', ordered: false, ...(body ? { body, bodyScope: 'trait' as const } : {}) }, nameText);
    }
    case 'impl_item': {
      const trait = field(node, 'trait');
      const type = field(node, 'type');
      const body = field(node, 'body');
      const name = eraseLifetimes(`${trait ? `${trait.text} for ` : ''}${type?.text ?? ''}`);
      return named({ node, kind: 'impl', family: 'impl', ordered: false, ...(body ? { body, bodyScope: 'impl' as const } : {}) }, name);
    }
    case 'mod_item': {
      const body = field(node, 'body');
      return named({ node, kind: 'module', family: 'module', ordered: false, ...(body ? { body, bodyScope: 'module' as const } : {}) }, nameText);
    }
    case 'foreign_mod_item':
      return named({ node, kind: 'module', family: 'module', ordered: false }, normaliseWhitespace(node.text.split('{')[0] ?? 'extern'));
    case 'use_declaration': {
      const imports = useCandidate(node);
      const name = `${visibility(node)}use ${imports.source}${imports.list ? '::{}' : ''}`;
      return named({ node, kind: 'import', family: 'import', ordered: false, imports }, name);
    }
    case 'extern_crate_declaration':
      return named({ node, kind: 'import', family: 'import', ordered: false }, `extern crate ${nameText}`);
    default:
      return innerAttribute(node) ?? macroCall(node);
  }
}

export const rustSpec: LanguageSpec = {
  classify,
  isAttachable(node) {
    return node.type === 'attribute_item';
  },
  commentTypes: COMMENTS,
  isDetachedComment(text) {
    // Inner doc comments document the enclosing item, never the next one.
    return text.startsWith('//!') || text.startsWith('/*!');
  },
  memberSeparator() {
    return '::';
  },
};
