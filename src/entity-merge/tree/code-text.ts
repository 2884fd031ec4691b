/**
 * The code of a node without its documentation: comments and (Python) a block's leading docstring removed, layout
 * erased. Two bodies with equal code text differ only in what they say about themselves, so one side editing a
 * docstring or a comment and the other editing statements is not "two edits of one function".
 */
import type { Node } from 'web-tree-sitter';
import type { TreeProfile } from './profile.js';
import { layoutFree } from './layout-free.js';

function docstringOf(block: Node): Node | null {
  const first = block.namedChildren.find((c): c is Node => c !== null && c.type !== 'comment');
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return null;
  return first.namedChild(0)?.type === 'string' ? first : null;
}

export function codeText(node: Node, source: string, profile: TreeProfile): string {
  const cuts: Array<[number, number]> = [];
  for (const c of node.descendantsOfType([...profile.commentTypes])) if (c) cuts.push([c.startIndex, c.endIndex]);
  if (profile.lang === 'python') {
    const blocks = node.type === 'block' ? [node] : node.descendantsOfType('block').filter((b): b is Node => b !== null);
    for (const b of blocks) {
      const doc = docstringOf(b);
      if (doc) cuts.push([doc.startIndex, doc.endIndex]);
    }
  }
  cuts.sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = node.startIndex;
  for (const [s, e] of cuts) {
    if (s < at) continue;
    out += `${source.slice(at, s)} `;
    at = e;
  }
  out += source.slice(at, node.endIndex);
  // Indentation is syntax where the profile says so: only blank lines and trailing spaces are layout there.
  if (profile.indentSensitive) {
    return out
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l !== '')
      .join('\n');
  }
  return layoutFree(out);
}
