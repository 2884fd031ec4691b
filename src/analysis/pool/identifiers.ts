/**
 * Identifier uses with their lines, taken from the same parse as the entities. Line numbers let the conflict
 * detector ask "does this branch's *new* code refer to X", which a whole-file set (analysis/references.ts) cannot.
 */
import type { Node } from 'web-tree-sitter';
import { IDENTIFIER_TYPES } from '../references.js';
import type { IdentifierUse } from './types.js';


/**
 * A declaration's own name is not a use of it. Declarations in all four grammars are node types ending in one of
 * these suffixes with a `name` field (function_declaration, class_definition, struct_item, method_signature, ...),
 * plus TS `variable_declarator`; a rule instead of a list so that new declaration kinds are covered too.
 */
const DECLARATION_SUFFIXES = ['_declaration', '_definition', '_item', '_signature', 'variable_declarator'];

function isDeclarationName(node: Node): boolean {
  const parent = node.parent;
  if (!parent || !DECLARATION_SUFFIXES.some((s) => parent.type.endsWith(s))) return false;
  const name = parent.childForFieldName('name');
  return name !== null && name.startIndex === node.startIndex && name.endIndex === node.endIndex;
}

export function identifierUses(root: Node): IdentifierUse[] {
  const out: IdentifierUse[] = [];
  for (const node of root.descendantsOfType(IDENTIFIER_TYPES)) {
    if (node && !isDeclarationName(node)) out.push({ name: node.text, line: node.startPosition.row + 1 });
  }
  return out;
}
