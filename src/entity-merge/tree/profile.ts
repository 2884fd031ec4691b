/**
 * Language profiles for merging below the entity level: which syntax nodes are lists, whether their elements
 * commute (merge as sets keyed by identity) or keep their order (diff3 over the element sequence), how elements are
 * delimited, and which nodes are statement bodies (never merged from two sides in the default mode).
 */
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../../analysis/types.js';
import { normaliseWhitespace } from '../../analysis/text-index.js';

export type ListKind = 'set' | 'ordered';

export interface ListRule {
  kind: ListKind;
  /** Token after which the list starts (`{`, `(`, `:`); absent: the list starts at its first element. */
  open?: string;
  /** Token before which the list ends; absent: the list ends after its last element (or separator). */
  close?: string;
  /** Separator tokens between elements. */
  separators: readonly string[];
  /**
   * 'separator': one token between elements, optional after the last (`a, b,`); the list owns them.
   * 'terminator': each element keeps the token that followed it (`x: number;` in an interface), or none.
   */
  style: 'separator' | 'terminator';
  /** 'nodes': every named child is one element. 'runs': an element is everything between two separators. */
  elements: 'nodes' | 'runs';
  /** Children of the list's own type are spliced in (left-nested `A | B | C`). */
  flatten?: boolean;
  /** Only children for which this holds are elements (Python `from m import a, b`: the `name` field). */
  isElement?: (child: Node, field: string | null) => boolean;
}

export interface TreeProfile {
  lang: LanguageId;
  list(node: Node): ListRule | null;
  /** Statement bodies: both sides changing one is a conflict unless the caller chose 'diff3'. */
  isBody(node: Node): boolean;
  /** Identity of a list element (one node); runs are keyed by their text. */
  key(node: Node): string;
  /** Comments that run to the end of the line (the next element must start on a new line). */
  isLineComment(text: string): boolean;
  commentTypes: ReadonlySet<string>;
  /** Indentation is syntax: whitespace-only changes are never treated as formatting. */
  indentSensitive: boolean;
}

const field = (node: Node, name: string): Node | null => node.childForFieldName(name);
const named = (node: Node): Node[] => node.namedChildren.filter((c): c is Node => c !== null);
const anyChild = (node: Node, pred: (c: Node) => boolean): boolean => node.children.some((c) => c !== null && pred(c));
const norm = normaliseWhitespace;

function unquote(text: string): string {
  const m = /^(['"`])(.*)\1$/s.exec(text);
  return m?.[2] ?? text;
}

const COMMA = [','] as const;

function commaList(kind: ListKind, open: string, close: string): ListRule {
  return { kind, open, close, separators: COMMA, style: 'separator', elements: 'nodes' };
}

// ---- TypeScript / TSX / JavaScript ----

function tsKey(node: Node): string {
  switch (node.type) {
    case 'pair':
    case 'pair_pattern': {
      const k = field(node, 'key');
      return `p:${k ? unquote(norm(k.text)) : norm(node.text)}`;
    }
    case 'shorthand_property_identifier':
    case 'shorthand_property_identifier_pattern':
    case 'property_identifier':
      return `p:${node.text}`;
    case 'method_definition':
    case 'method_signature':
    case 'property_signature':
    case 'public_field_definition':
    case 'abstract_method_signature': {
      const k = field(node, 'name');
      return `p:${k ? unquote(norm(k.text)) : norm(node.text)}`;
    }
    case 'enum_assignment': {
      const k = field(node, 'name');
      return `p:${k ? unquote(k.text) : norm(node.text)}`;
    }
    case 'import_specifier':
    case 'export_specifier': {
      const k = field(node, 'alias') ?? field(node, 'name');
      return `p:${k ? k.text : norm(node.text)}`;
    }
    case 'jsx_attribute': {
      const k = node.namedChild(0);
      return `p:${k ? k.text : norm(node.text)}`;
    }
    case 'required_parameter':
    case 'optional_parameter': {
      const k = field(node, 'pattern');
      return `p:${k ? norm(k.text) : norm(node.text)}`;
    }
    default:
      return `t:${norm(node.text)}`;
  }
}

function tsList(node: Node): ListRule | null {
  switch (node.type) {
    case 'object':
      // A spread makes the order of keys observable (later keys win).
      return commaList(anyChild(node, (c) => c.type === 'spread_element') ? 'ordered' : 'set', '{', '}');
    case 'object_pattern':
      return commaList('ordered', '{', '}');
    case 'object_type':
    case 'interface_body':
      return { kind: 'set', open: '{', close: '}', separators: [',', ';'], style: 'terminator', elements: 'nodes' };
    case 'enum_body': {
      // Members without initialisers are numbered in order: a new member shifts the ones after it.
      const all = named(node).filter((c) => c.type !== 'comment');
      return commaList(all.every((c) => c.type === 'enum_assignment') ? 'set' : 'ordered', '{', '}');
    }
    case 'named_imports':
    case 'export_clause':
      return commaList('set', '{', '}');
    case 'union_type':
      return { kind: 'set', separators: ['|'], style: 'separator', elements: 'nodes', flatten: true };
    case 'intersection_type':
      return { kind: 'set', separators: ['&'], style: 'separator', elements: 'nodes', flatten: true };
    case 'formal_parameters':
    case 'arguments':
      return commaList('ordered', '(', ')');
    case 'array':
    case 'tuple_type':
      return commaList('ordered', '[', ']');
    case 'type_arguments':
    case 'type_parameters':
      return commaList('ordered', '<', '>');
    case 'jsx_opening_element':
    case 'jsx_self_closing_element': {
      // `{...props}` makes attribute order observable.
      const spread = anyChild(node, (c) => c.type === 'jsx_expression');
      return {
        kind: spread ? 'ordered' : 'set',
        separators: [],
        style: 'terminator',
        elements: 'nodes',
        isElement: (c) => c.type === 'jsx_attribute' || c.type === 'jsx_expression',
      };
    }
    default:
      return null;
  }
}

const TS_BODIES = new Set(['statement_block', 'class_body']);

// ---- Python ----

/**
 * A Python literal's identity: a plain string without escapes or prefix is its value, so `'a'` and `"a"` are one
 * key (a formatter re-quoting a dict is an edit of each entry, not a new set of entries).
 */
function pyLiteral(node: Node): string {
  const plain = node.type === 'string' ? /^(['"])([^'"\\\n]*)\1$/.exec(node.text) : null;
  return plain ? JSON.stringify(plain[2]) : norm(node.text);
}

function pyKey(node: Node): string {
  switch (node.type) {
    case 'pair': {
      const k = field(node, 'key');
      return `p:${k ? pyLiteral(k) : norm(node.text)}`;
    }
    case 'keyword_argument': {
      const k = field(node, 'name');
      return `p:${k ? k.text : norm(node.text)}`;
    }
    case 'aliased_import': {
      const k = field(node, 'alias');
      return `p:${k ? k.text : norm(node.text)}`;
    }
    case 'dotted_name':
      return `p:${node.text}`;
    default:
      return `t:${pyLiteral(node)}`;
  }
}

function isDunderAll(node: Node): boolean {
  const parent = node.parent;
  if (!parent || (parent.type !== 'assignment' && parent.type !== 'augmented_assignment')) return false;
  return field(parent, 'left')?.text === '__all__';
}

function pyList(node: Node): ListRule | null {
  switch (node.type) {
    case 'dictionary':
      return commaList(anyChild(node, (c) => c.type === 'dictionary_splat') ? 'ordered' : 'set', '{', '}');
    case 'set':
      return commaList('set', '{', '}');
    case 'list':
    case 'tuple':
      if (isDunderAll(node)) return commaList('set', node.type === 'list' ? '[' : '(', node.type === 'list' ? ']' : ')');
      return node.type === 'list' ? commaList('ordered', '[', ']') : null;
    case 'argument_list': {
      // Keyword arguments commute; positional ones and `*args`/`**kwargs` unpacking keep their order.
      const args = named(node).filter((c) => c.type !== 'comment');
      return commaList(args.length > 0 && args.every((c) => c.type === 'keyword_argument') ? 'set' : 'ordered', '(', ')');
    }
    case 'parameters':
      return commaList('ordered', '(', ')');
    case 'import_from_statement': {
      const parenthesised = anyChild(node, (c) => c.type === '(');
      return {
        kind: 'set',
        ...(parenthesised ? { open: '(', close: ')' } : {}),
        separators: COMMA,
        style: 'separator',
        elements: 'nodes',
        isElement: (_c, f) => f === 'name',
      };
    }
    default:
      return null;
  }
}

// ---- Rust ----

function rsKey(node: Node): string {
  switch (node.type) {
    case 'field_declaration':
    case 'enum_variant':
    case 'field_initializer': {
      const k = field(node, 'name') ?? field(node, 'field');
      return `p:${k ? k.text : norm(node.text)}`;
    }
    case 'shorthand_field_initializer':
    case 'identifier':
    case 'scoped_identifier':
      return `p:${norm(node.text)}`;
    case 'constrained_type_parameter':
    case 'where_predicate': {
      const k = field(node, 'left');
      return `p:${k ? norm(k.text) : norm(node.text)}`;
    }
    case 'type_parameter': {
      const k = field(node, 'name');
      return `p:${k ? norm(k.text) : norm(node.text)}`;
    }
    case 'parameter': {
      const k = field(node, 'pattern');
      return `p:${k ? norm(k.text) : norm(node.text)}`;
    }
    default:
      return `t:${norm(node.text)}`;
  }
}

/** The attributes directly above an item (`#[derive(...)]`, `#[repr(C)]`), as text. */
function attributesOf(item: Node | null): string[] {
  const out: string[] = [];
  for (let prev = item?.previousNamedSibling ?? null; prev && (prev.type === 'attribute_item' || prev.type.endsWith('comment')); prev = prev.previousNamedSibling) {
    if (prev.type === 'attribute_item') out.push(norm(prev.text));
  }
  return out;
}

/**
 * Declaration order is semantic for `repr(...)` layouts and derived orderings (`PartialOrd`/`Ord` compare fields and
 * variants in order); otherwise struct fields and enum variants commute.
 */
function orderMatters(item: Node | null): boolean {
  return attributesOf(item).some((a) => /^#\[\s*repr\s*\(/.test(a) || (/^#\[\s*derive\s*\(/.test(a) && /\b(PartialOrd|Ord)\b/.test(a)));
}

function attributePath(tokenTree: Node): string | null {
  const attr = tokenTree.parent;
  if (!attr || attr.type !== 'attribute') return null;
  const path = attr.namedChild(0);
  return path ? path.text : null;
}

function rsList(node: Node): ListRule | null {
  switch (node.type) {
    case 'use_list':
      return commaList('set', '{', '}');
    case 'field_declaration_list':
      return commaList(orderMatters(node.parent) ? 'ordered' : 'set', '{', '}');
    case 'enum_variant_list': {
      const discriminants = named(node).some((v) => v.type === 'enum_variant' && field(v, 'value') !== null);
      return commaList(discriminants || orderMatters(node.parent) ? 'ordered' : 'set', '{', '}');
    }
    case 'field_initializer_list':
      return commaList(anyChild(node, (c) => c.type === 'base_field_initializer') ? 'ordered' : 'set', '{', '}');
    case 'token_tree': {
      const path = attributePath(node);
      if (path === null) return null;
      // Derives commute; other attribute arguments keep their order.
      return { kind: path === 'derive' ? 'set' : 'ordered', open: '(', close: ')', separators: COMMA, style: 'separator', elements: 'runs' };
    }
    case 'trait_bounds':
      return { kind: 'set', open: ':', separators: ['+'], style: 'separator', elements: 'nodes' };
    case 'where_clause':
      return { kind: 'set', open: 'where', separators: COMMA, style: 'separator', elements: 'nodes', isElement: (c) => c.type === 'where_predicate' };
    case 'parameters':
    case 'arguments':
      return commaList('ordered', '(', ')');
    case 'array_expression':
      return commaList('ordered', '[', ']');
    case 'type_arguments':
    case 'type_parameters':
      return commaList('ordered', '<', '>');
    default:
      return null;
  }
}

const BLOCKS = new Set(['block']);

const PROFILES: Record<'ts' | 'python' | 'rust', Omit<TreeProfile, 'lang'>> = {
  ts: {
    list: tsList,
    isBody: (n) => TS_BODIES.has(n.type),
    key: tsKey,
    isLineComment: (t) => t.startsWith('//'),
    commentTypes: new Set(['comment', 'html_comment']),
    indentSensitive: false,
  },
  python: {
    list: pyList,
    isBody: (n) => BLOCKS.has(n.type),
    key: pyKey,
    isLineComment: (t) => t.startsWith('#'),
    commentTypes: new Set(['comment']),
    indentSensitive: true,
  },
  rust: {
    list: rsList,
    isBody: (n) => BLOCKS.has(n.type) || n.type === 'declaration_list',
    key: rsKey,
    isLineComment: (t) => t.startsWith('//'),
    commentTypes: new Set(['line_comment', 'block_comment']),
    indentSensitive: false,
  },
};

export function profileFor(lang: LanguageId): TreeProfile {
  const p = lang === 'python' ? PROFILES.python : lang === 'rust' ? PROFILES.rust : PROFILES.ts;
  return { lang, ...p };
}
