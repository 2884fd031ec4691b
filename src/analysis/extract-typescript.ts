/** Node classification for TypeScript, TSX and JavaScript (the JS grammar uses a subset of the same node types). */
import type { Node } from 'web-tree-sitter';
import { allChildren, field, namedChildren, unquote } from './spec.js';
import type { Candidate, ImportCandidate, LanguageSpec, ScopeKind } from './spec.js';
import { normaliseWhitespace } from './text-index.js';

const COMMENTS: ReadonlySet<string> = new Set(['comment', 'html_comment']);

/** Initialisers whose evaluation has no side effects, so the binding's position among siblings does not matter. */
const PURE_VALUES = new Set([
  'number',
  'string',
  'template_string',
  'true',
  'false',
  'null',
  'undefined',
  'regex',
  'arrow_function',
  'function_expression',
  'function',
  'class',
]);

function isPure(node: Node | null): boolean {
  if (!node) return true;
  if (PURE_VALUES.has(node.type)) {
    // A template literal with substitutions evaluates code.
    return node.type !== 'template_string' || !node.namedChildren.some((c) => c?.type === 'template_substitution');
  }
  if (node.type === 'array') return namedChildren(node).every(isPure);
  if (node.type === 'object') {
    return namedChildren(node).every((c) => {
      if (c.type === 'pair') return isPure(field(c, 'value'));
      return c.type === 'method_definition' || c.type === 'comment';
    });
  }
  if (node.type === 'as_expression' || node.type === 'satisfies_expression') return isPure(node.namedChild(0));
  if (node.type === 'unary_expression') return isPure(field(node, 'argument'));
  return false;
}

/**
 * `require('lit')`, possibly followed by member accesses (`require('util').inspect.custom`): CommonJS's import. Its
 * position among other bindings matters no more than an ES `import`'s does, so two sides adding one at one place
 * merge as imports do.
 */
function isRequire(node: Node | null): boolean {
  if (!node) return false;
  if (node.type === 'member_expression') return isRequire(field(node, 'object'));
  if (node.type !== 'call_expression' || field(node, 'function')?.text !== 'require') return false;
  const args = namedChildren(field(node, 'arguments') ?? node).filter((c) => c.type !== 'comment');
  return args.length === 1 && args[0]?.type === 'string';
}

/** `{ ... }` without spread (order matters once `...x` appears), possibly under `as const` / `satisfies T`. */
function plainObject(node: Node | null): Node | null {
  if (!node) return null;
  if (node.type === 'as_expression' || node.type === 'satisfies_expression') return plainObject(node.namedChild(0));
  if (node.type !== 'object') return null;
  return namedChildren(node).some((c) => c.type === 'spread_element') ? null : node;
}

function propertyName(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === 'string') return unquote(node.text);
  return normaliseWhitespace(node.text);
}

function importCandidate(node: Node): ImportCandidate {
  const sourceNode = field(node, 'source');
  const source = sourceNode ? unquote(sourceNode.text) : '';
  const names: string[] = [];
  let list: ImportCandidate['list'] = null;
  const clause = allChildren(node).find((c) => c.type === 'import_clause');
  if (clause) {
    for (const part of namedChildren(clause)) {
      if (part.type === 'identifier') names.push(part.text);
      else if (part.type === 'namespace_import') {
        const id = namedChildren(part).find((c) => c.type === 'identifier');
        if (id) names.push(id.text);
      } else if (part.type === 'named_imports') {
        const items = namedChildren(part).filter((c) => c.type === 'import_specifier');
        for (const spec of items) names.push((field(spec, 'alias') ?? field(spec, 'name'))?.text ?? spec.text);
        const open = part.child(0);
        const close = part.child(part.childCount - 1);
        if (open?.type === '{' && close?.type === '}') list = { start: open.endIndex, end: close.startIndex, items };
      }
    }
  }
  return { source, names, list };
}

function declaratorNames(decl: Node): string[] {
  return namedChildren(decl)
    .filter((c) => c.type === 'variable_declarator')
    .map((d) => normaliseWhitespace(field(d, 'name')?.text ?? d.text));
}

/** Classify a declaration, `outer` being the node whose span counts (export / declare wrappers). */
function classifyDeclaration(decl: Node, outer: Node, isDefault: boolean): Candidate | null {
  const nameOf = (): string => (isDefault ? 'default' : (field(decl, 'name')?.text ?? ''));
  switch (decl.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'function_signature':
    case 'function_expression':
    case 'generator_function':
    case 'function':
      return { node: outer, kind: 'function', family: 'value', name: nameOf() || 'default', ordered: false, callable: decl };
    case 'class_declaration':
    case 'abstract_class_declaration':
    case 'class': {
      const body = field(decl, 'body');
      return {
        node: outer,
        kind: 'class',
        family: 'value',
        name: nameOf() || 'default',
        ordered: false,
        ...(body ? { body, bodyScope: 'class' as const } : {}),
      };
    }
    case 'interface_declaration': {
      const body = field(decl, 'body');
      return {
        node: outer,
        kind: 'interface',
        family: 'type',
        name: nameOf(),
        ordered: false,
        ...(body ? { body, bodyScope: 'interface' as const } : {}),
      };
    }
    case 'type_alias_declaration':
      return { node: outer, kind: 'type', family: 'type', name: nameOf(), ordered: false };
    case 'enum_declaration':
      return { node: outer, kind: 'enum', family: 'value', name: nameOf(), ordered: false };
    case 'internal_module':
    case 'module': {
      const body = field(decl, 'body');
      const nameNode = field(decl, 'name');
      return {
        node: outer,
        kind: 'module',
        family: 'module',
        name: nameNode ? unquote(nameNode.text) : '',
        ordered: false,
        ...(body ? { body, bodyScope: 'module' as const } : {}),
      };
    }
    case 'lexical_declaration':
    case 'variable_declaration': {
      const declarators = namedChildren(decl).filter((c) => c.type === 'variable_declarator');
      const names = declaratorNames(decl);
      if (names.length === 0) return null;
      const only = declarators.length === 1 ? declarators[0] : undefined;
      const object = only ? plainObject(field(only, 'value')) : null;
      return {
        node: outer,
        kind: 'variable',
        family: 'value',
        name: isDefault ? 'default' : names.join(','),
        ordered: !declarators.every((d) => isPure(field(d, 'value')) || isRequire(field(d, 'value'))),
        ...(object ? { body: object, bodyScope: 'object' as const } : {}),
      };
    }
    case 'expression_statement': {
      const inner = decl.namedChild(0);
      if (inner && (inner.type === 'internal_module' || inner.type === 'module')) return classifyDeclaration(inner, outer, false);
      return inner ? (exportedClass(inner, outer) ?? assignedFunction(inner, outer) ?? requiredExport(inner, outer) ?? testCall(inner, outer)) : null;
    }
    case 'ambient_declaration': {
      const inner = decl.namedChild(0);
      return inner ? classifyDeclaration(inner, outer, false) : null;
    }
    default:
      return null;
  }
}

/**
 * CommonJS `module.exports = class Name ... { ... }`: the class, keyed by its name, so that its members merge as
 * those of a class declaration do. Ordered: the assignment is a statement that runs where it stands.
 */
function exportedClass(expr: Node, outer: Node): Candidate | null {
  if (expr.type !== 'assignment_expression') return null;
  const left = field(expr, 'left');
  const right = field(expr, 'right');
  if (!left || !right || right.type !== 'class' || normaliseWhitespace(left.text) !== 'module.exports') return null;
  const name = field(right, 'name')?.text;
  const body = field(right, 'body');
  if (!name || !body) return null;
  return { node: outer, kind: 'class', family: 'value', name, ordered: true, body, bodyScope: 'class' };
}

const FUNCTION_VALUES = new Set(['function_expression', 'function', 'arrow_function', 'generator_function']);

/**
 * `module.exports = function (...) {...}`, `exports.x = ...`, `Model.prototype.save = function ...`: CommonJS code
 * defines most of its functions this way, so each is a function entity named by its target. Ordered: an assignment
 * runs where it stands.
 */
function assignedFunction(expr: Node, outer: Node): Candidate | null {
  if (expr.type !== 'assignment_expression') return null;
  const left = field(expr, 'left');
  const right = field(expr, 'right');
  if (!left || !right || !FUNCTION_VALUES.has(right.type)) return null;
  if (left.type !== 'member_expression' && left.type !== 'identifier') return null;
  return { node: outer, kind: 'function', family: 'value', name: normaliseWhitespace(left.text), ordered: true, callable: right };
}

function isExportTarget(node: Node | null): boolean {
  if (node?.type !== 'member_expression') return false;
  const object = field(node, 'object')?.text;
  return object === 'exports' || object === 'module.exports';
}

/**
 * `exports.Name = require('./name')` (also chained: `exports.A = exports.B = require(...)`): a re-export, placed like
 * an import (an index file is a list of them, and two branches adding one at one place both keep theirs).
 */
function requiredExport(expr: Node, outer: Node): Candidate | null {
  if (expr.type !== 'assignment_expression') return null;
  const left = field(expr, 'left');
  if (!left || !isExportTarget(left)) return null;
  let right = field(expr, 'right');
  while (right?.type === 'assignment_expression' && isExportTarget(field(right, 'left'))) right = field(right, 'right');
  if (!isRequire(right)) return null;
  return { node: outer, kind: 'variable', family: 'value', name: normaliseWhitespace(left.text), ordered: false };
}

/** mocha / jest / vitest / jasmine registrations: suites hold tests and hooks, tests and hooks hold statements. */
const SUITES = new Set(['describe', 'context', 'suite', 'xdescribe', 'fdescribe']);
const TESTS = new Set(['it', 'test', 'specify', 'xit', 'fit']);
const HOOKS = new Set(['before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);
const MODIFIERS = new Set(['only', 'skip', 'todo', 'concurrent', 'failing']);

/** The registering function's name: `it`, and `it` for `it.skip` / `it.only` too (skipping a test is an edit of it). */
function registrar(callee: Node): string | null {
  if (callee.type === 'identifier') return callee.text;
  if (callee.type !== 'member_expression') return null;
  const object = field(callee, 'object');
  const property = field(callee, 'property');
  return object?.type === 'identifier' && property && MODIFIERS.has(property.text) ? object.text : null;
}

function literalTitle(node: Node | undefined): string | null {
  if (!node) return null;
  if (node.type === 'string') return unquote(node.text);
  if (node.type === 'template_string' && !namedChildren(node).some((c) => c.type === 'template_substitution')) return node.text.slice(1, -1);
  return null;
}

/**
 * `describe('title', () => { ... })` is a suite (a container: its tests and hooks are members), `it('title', ...)` a
 * test keyed by its title, `beforeEach(...)` an ordered hook. Tests are independent of their order; hooks are not.
 */
function testCall(expr: Node, outer: Node): Candidate | null {
  if (expr.type !== 'call_expression') return null;
  const callee = field(expr, 'function');
  const args = field(expr, 'arguments');
  const who = callee ? registrar(callee) : null;
  if (!who || !args) return null;
  const list = namedChildren(args).filter((c) => !COMMENTS.has(c.type));
  const callback = list[list.length - 1];
  if (!callback || !FUNCTION_VALUES.has(callback.type)) return null;
  const body = field(callback, 'body');
  if (!body || body.type !== 'statement_block') return null;
  if (HOOKS.has(who)) return list.length === 1 ? { node: outer, kind: 'hook', family: 'value', name: who, ordered: true, callable: callback } : null;
  const title = list.length === 2 ? literalTitle(list[0]) : null;
  if (title === null) return null;
  // Titles are quoted: a test titled "beforeEach" is not the hook. Suites live in the module family, so a suite and a
  // test of one title do not share a key.
  if (SUITES.has(who)) return { node: outer, kind: 'suite', family: 'module', name: JSON.stringify(title), ordered: false, body, bodyScope: 'suite' };
  if (TESTS.has(who)) return { node: outer, kind: 'test', family: 'value', name: JSON.stringify(title), ordered: false, callable: callback };
  return null;
}

/** The names a JSDoc comment defines with `@typedef {Type} Name` or `@callback Name` (types may nest braces). */
function jsdocTypeNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/@(typedef|callback)\b/g)) {
    let i = (m.index ?? 0) + m[0].length;
    while (/\s/.test(text[i] ?? '')) i++;
    if (m[1] === 'typedef' && text[i] === '{') {
      for (let depth = 0; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) break;
      }
      i++;
    }
    const name = /^\s*([A-Za-z_$][\w$.]*)/.exec(text.slice(i));
    if (name?.[1]) names.push(name[1]);
  }
  return names;
}

/**
 * A JSDoc comment on lines of its own that defines types (`@typedef {import("./Chunk")} Chunk`) is a type declaration
 * of a JS file: an entity named by its types, so two branches adding typedefs at one place merge as declarations do.
 */
function jsdocTypedef(node: Node): Candidate | null {
  if (!node.text.startsWith('/**')) return null;
  const names = jsdocTypeNames(node.text);
  if (names.length === 0) return null;
  const prev = node.previousSibling;
  const next = node.nextSibling;
  if ((prev && prev.endPosition.row >= node.startPosition.row) || (next && next.startPosition.row <= node.endPosition.row)) return null;
  return { node, kind: 'type', family: 'type', name: names.join(','), ordered: false };
}

/**
 * `export { a, b } from './x'`, `export * from './y'`: a re-export, which like an import may go anywhere among its
 * kind (an index file is a list of them). Keyed by source (and `*`), so two branches adding re-exports of different
 * modules at one place keep both, and specifiers added to one statement merge as a set on the tree. Not an import:
 * it binds no local name.
 */
function reExport(node: Node): Candidate | null {
  const children = allChildren(node);
  const typeOnly = children.some((c) => c.type === 'type') ? ' type' : '';
  const source = field(node, 'source');
  if (!source) return children.some((c) => c.type === 'export_clause') ? localExportList(node, typeOnly) : null;
  const star = children.some((c) => c.type === '*') ? ' *' : '';
  const namespace = children.find((c) => c.type === 'namespace_export');
  const name = `from ${unquote(source.text)}${typeOnly}${star}${namespace ? ` ${normaliseWhitespace(namespace.text)}` : ''}`;
  return { node, kind: 'export', family: 'import', name, ordered: false };
}

/**
 * `export { a, b as c };`: the module's export list, which may stand anywhere. One entity per file (a second list
 * is keyed by ordinal), so names both branches add to it merge as a set on the tree.
 */
function localExportList(node: Node, typeOnly: string): Candidate {
  return { node, kind: 'export', family: 'import', name: `{}${typeOnly}`, ordered: false };
}

function classifyTop(node: Node): Candidate | null {
  if (node.type === 'comment') return jsdocTypedef(node);
  if (node.type === 'import_statement') {
    const imports = importCandidate(node);
    const sideEffect = !allChildren(node).some((c) => c.type === 'import_clause');
    const typeOnly = allChildren(node).some((c) => c.type === 'type');
    const namespace = node.descendantsOfType('namespace_import').length > 0;
    // Identity = (source, kind): a type-only import and a namespace import of the same module are distinct statements.
    const name = `${imports.source}${typeOnly ? ' type' : ''}${namespace ? ' *' : ''}${sideEffect ? ' (side effect)' : ''}`;
    return { node, kind: 'import', family: 'import', name, ordered: sideEffect, imports };
  }
  if (node.type === 'export_statement') {
    const isDefault = allChildren(node).some((c) => c.type === 'default');
    const decl = field(node, 'declaration');
    if (decl) return classifyDeclaration(decl, node, isDefault);
    const value = field(node, 'value');
    if (isDefault && value) {
      const inner = classifyDeclaration(value, node, true);
      return inner ?? { node, kind: 'variable', family: 'value', name: 'default', ordered: !isPure(value) };
    }
    return reExport(node);
  }
  return classifyDeclaration(node, node, false);
}

function classifyMember(node: Node, scope: ScopeKind): Candidate | null {
  const name = propertyName(field(node, 'name'));
  switch (scope) {
    case 'class':
      if (node.type === 'method_definition' || node.type === 'method_signature' || node.type === 'abstract_method_signature') {
        return name === null ? null : { node, kind: 'method', family: 'value', name, ordered: false, callable: node };
      }
      if (node.type === 'public_field_definition' || node.type === 'field_definition') {
        const prop = name ?? propertyName(field(node, 'property'));
        if (prop === null) return null;
        // Field initialisers run in declaration order.
        return { node, kind: 'field', family: 'value', name: prop, ordered: field(node, 'value') !== null };
      }
      return null;
    case 'interface':
      if (node.type === 'property_signature') return name === null ? null : { node, kind: 'field', family: 'value', name, ordered: false };
      if (node.type === 'method_signature') return name === null ? null : { node, kind: 'method', family: 'value', name, ordered: false, callable: node };
      return null;
    case 'object':
      if (node.type === 'pair') {
        const key = propertyName(field(node, 'key'));
        return key === null ? null : { node, kind: 'field', family: 'value', name: key, ordered: false };
      }
      if (node.type === 'shorthand_property_identifier') return { node, kind: 'field', family: 'value', name: node.text, ordered: false };
      if (node.type === 'method_definition') return name === null ? null : { node, kind: 'method', family: 'value', name, ordered: false, callable: node };
      return null;
    case 'module':
    case 'suite':
      return classifyTop(node);
    default:
      return null;
  }
}

export const typescriptSpec: LanguageSpec = {
  classify(node, scope) {
    return scope === 'top' ? classifyTop(node) : classifyMember(node, scope);
  },
  isAttachable(node) {
    return node.type === 'decorator';
  },
  commentTypes: COMMENTS,
  isDetachedComment() {
    return false;
  },
  memberSeparator(scope) {
    return scope === 'suite' ? ' > ' : '.';
  },
};
