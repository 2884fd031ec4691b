/**
 * Identifiers a source refers to, for the "B calls what A changed" detection rule. Declaration names are
 * excluded (defining `foo` is not referring to it); property names are included because methods are called through them.
 */
import type { Node } from 'web-tree-sitter';
import { parseSource } from './languages.js';
import type { LanguageId } from './types.js';

/** Identifier node types of the TS/TSX/JS, Python and Rust grammars. */
export const IDENTIFIER_TYPES = [
  'identifier',
  'type_identifier',
  'property_identifier',
  'field_identifier',
  'shorthand_property_identifier',
  'shorthand_property_identifier_pattern',
];

/** Node types whose `name` field declares rather than references. */
const DECLARING = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_signature',
  'class_declaration',
  'abstract_class_declaration',
  'interface_declaration',
  'type_alias_declaration',
  'enum_declaration',
  'method_definition',
  'method_signature',
  'abstract_method_signature',
  'function_definition',
  'class_definition',
  'function_item',
  'function_signature_item',
  'struct_item',
  'enum_item',
  'trait_item',
  'type_item',
  'mod_item',
  'macro_definition',
  'union_item',
]);

function isDeclarationName(node: Node): boolean {
  const parent = node.parent;
  if (!parent || !DECLARING.has(parent.type)) return false;
  const name = parent.childForFieldName('name');
  return name !== null && name.startIndex === node.startIndex && name.endIndex === node.endIndex;
}

export async function references(source: string, lang: LanguageId): Promise<Set<string>> {
  const tree = await parseSource(source, lang);
  try {
    const out = new Set<string>();
    for (const node of tree.rootNode.descendantsOfType(IDENTIFIER_TYPES)) {
      if (node && !isDeclarationName(node)) out.add(node.text);
    }
    return out;
  } finally {
    tree.delete();
  }
}
