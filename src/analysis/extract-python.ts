/** Node classification for Python. */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, soleExpression, uniqueAmongSiblings } from './spec.js';
import type { Candidate, ImportCandidate, LanguageSpec, ScopeKind } from './spec.js';
import { normaliseWhitespace } from './text-index.js';

const COMMENTS: ReadonlySet<string> = new Set(['comment']);

const LITERALS = new Set(['integer', 'float', 'string', 'true', 'false', 'none', 'concatenated_string']);

function isLiteral(node: Node | null): boolean {
  if (!node) return true;
  if (node.type === 'string') return !node.descendantsOfType('interpolation').some((n) => n !== null);
  if (LITERALS.has(node.type)) return true;
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') return namedChildren(node).every(isLiteral);
  if (node.type === 'dictionary') return namedChildren(node).every((p) => p.type === 'pair' && isLiteral(field(p, 'key')) && isLiteral(field(p, 'value')));
  if (node.type === 'unary_operator') return isLiteral(field(node, 'argument'));
  return false;
}

function importCandidate(node: Node): ImportCandidate {
  const nameNodes = node.childrenForFieldName('name').filter((c): c is Node => c !== null);
  const names = nameNodes.map((n) => {
    const alias = n.type === 'aliased_import' ? field(n, 'alias') : null;
    return (alias ?? n).text;
  });
  if (node.type === 'import_statement') {
    return { source: nameNodes.map((n) => normaliseWhitespace(n.text)).join(', '), names, list: null };
  }
  const moduleNode = field(node, 'module_name');
  const source = moduleNode ? moduleNode.text : '__future__';
  const first = nameNodes[0];
  const last = nameNodes[nameNodes.length - 1];
  // `from m import *` has no name field: nothing to merge as a set.
  // Parenthesised lists own everything between the parentheses (layout, trailing comma).
  const open = node.children.find((c) => c?.type === '(');
  const close = node.children.find((c) => c?.type === ')');
  const list = !first || !last ? null : open && close ? { start: open.endIndex, end: close.startIndex, items: nameNodes } : { start: first.startIndex, end: last.endIndex, items: nameNodes };
  return { source, names, list };
}

/**
 * The attribute docstring convention (PEP 257, Sphinx autodoc): a string statement on the line right after an
 * assignment documents it. It moves, and is added or deleted, with its attribute.
 */
function attributeDocstring(statement: Node): Node | undefined {
  const next = statement.nextSibling;
  if (!next || soleExpression(next)?.type !== 'string') return undefined;
  if (next.startPosition.row !== statement.endPosition.row + 1) return undefined;
  return next;
}

function classifyDefinition(def: Node, outer: Node, scope: ScopeKind): Candidate | null {
  const name = field(def, 'name')?.text;
  if (!name) return null;
  if (def.type === 'function_definition') {
    return { node: outer, kind: scope === 'class' ? 'method' : 'function', family: 'value', name, ordered: false, callable: def };
  }
  if (def.type === 'class_definition') {
    const body = field(def, 'body');
    return { node: outer, kind: 'class', family: 'value', name, ordered: false, ...(body ? { body, bodyScope: 'class' as const } : {}) };
  }
  return null;
}

function calleeOf(statement: Node): string | null {
  const call = soleExpression(statement);
  return call?.type === 'call' ? (field(call, 'function')?.text ?? null) : null;
}

/**
 * A module-level call made once (`setup(...)` in setup.py, `main()`) is an ordered entity named by the function, so
 * both branches changing its keyword arguments merge on the tree as a keyword-argument set. A function called more
 * than once at module level (`register(A)`, `register(B)`) keeps its calls as text: they have no identity.
 */
function topLevelCall(statement: Node, callee: string): Candidate | null {
  if (!uniqueAmongSiblings(statement, callee, calleeOf)) return null;
  return { node: statement, kind: 'call', family: 'value', name: `${normaliseWhitespace(callee)}()`, ordered: true };
}

function classify(node: Node, scope: ScopeKind): Candidate | null {
  if (scope !== 'top' && scope !== 'class') return null;
  switch (node.type) {
    case 'function_definition':
    case 'class_definition':
      return classifyDefinition(node, node, scope);
    case 'decorated_definition': {
      const def = field(node, 'definition');
      return def ? classifyDefinition(def, node, scope) : null;
    }
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement': {
      if (scope !== 'top') return null;
      const imports = importCandidate(node);
      const name = node.type === 'import_statement' ? `import ${imports.source}` : `from ${imports.source}`;
      return { node, kind: 'import', family: 'import', name, ordered: node.type === 'future_import_statement', imports };
    }
    case 'expression_statement': {
      const callee = scope === 'top' ? calleeOf(node) : null;
      if (callee !== null) return topLevelCall(node, callee);
      const assignment = node.namedChild(0);
      if (!assignment || assignment.type !== 'assignment' || node.namedChildCount !== 1) return null;
      const left = field(assignment, 'left');
      if (!left || left.type !== 'identifier') return null;
      if (scope === 'class') {
        // Class attributes are evaluated in order (later ones may use earlier ones), and annotated ones are the
        // positional fields of dataclasses, NamedTuples and models. Only a plain attribute with a literal value commutes.
        const annotated = field(assignment, 'type') !== null;
        const doc = attributeDocstring(node);
        return { node, kind: 'field', family: 'value', name: left.text, ordered: annotated || !isLiteral(field(assignment, 'right')), ...(doc ? { trailing: doc } : {}) };
      }
      const doc = attributeDocstring(node);
      return { node, kind: 'variable', family: 'value', name: left.text, ordered: !isLiteral(field(assignment, 'right')), ...(doc ? { trailing: doc } : {}) };
    }
    default:
      return null;
  }
}

export const pythonSpec: LanguageSpec = {
  classify,
  isAttachable() {
    // Decorators live inside decorated_definition, so nothing precedes an entity as a sibling.
    return false;
  },
  commentTypes: COMMENTS,
  isDetachedComment(text) {
    // Shebang and encoding lines belong to the file header.
    return text.startsWith('#!') || /^#.*coding[:=]/.test(text);
  },
  memberSeparator() {
    return '.';
  },
};
