/**
 * The code of a node as a token sequence, so that two versions compare equal exactly when they differ in what a
 * formatter changes: whitespace between tokens, the quotes around a string (`'a'` / `"a"`), a trailing comma before
 * a closing bracket (not in Python, where `(x,)` is a tuple). Where indentation is syntax, every block's indentation
 * is part of the code. `codeText` also leaves out the node's documentation (comments, a Python block's leading
 * docstring): one side editing a docstring or a comment and the other editing statements is not "two edits of one
 * function".
 */
import type { Node } from 'web-tree-sitter';
import type { TreeProfile } from './profile.js';

const CLOSERS: ReadonlySet<string> = new Set([')', ']', '}', '>']);

function docstringOf(block: Node): Node | null {
  const first = block.namedChildren.find((c): c is Node => c !== null && c.type !== 'comment');
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return null;
  return first.namedChild(0)?.type === 'string' ? first : null;
}

/** A leaf as a token: its type and text, a string's quote delimiters normalised (escapes are content tokens). */
function leafToken(n: Node): string {
  const delimiter = n.type === 'string_start' || n.type === 'string_end' || ((n.type === "'" || n.type === '"') && n.parent?.type === 'string');
  return delimiter ? `q\u0000${n.text.replaceAll("'", '"')}` : `${n.type}\u0000${n.text}`;
}

function codeTokens(node: Node, profile: TreeProfile, withoutDocs: boolean): string[] {
  const out: string[] = [];
  const skipped = (n: Node): boolean => withoutDocs && profile.commentTypes.has(n.type);
  // Text a node holds outside its children: a string's content (some grammars leave it uncovered) verbatim,
  // anything else that is not whitespace, trimmed.
  const uncovered = (n: Node, from: number, to: number): void => {
    const text = n.text.slice(from - n.startIndex, to - n.startIndex);
    if (n.type.includes('string')) {
      if (text !== '') out.push(`s\u0000${text}`);
    } else if (text.trim() !== '') out.push(`u\u0000${text.trim()}`);
  };
  const walk = (n: Node): void => {
    if (n.childCount === 0) {
      out.push(leafToken(n));
      return;
    }
    let doc: Node | null = null;
    if (n.type === 'block' && profile.indentSensitive) {
      out.push(`b\u0000${n.startPosition.column}`);
      if (withoutDocs) doc = docstringOf(n);
    }
    let at = n.startIndex;
    for (const c of n.children) {
      if (!c) continue;
      uncovered(n, at, c.startIndex);
      at = c.endIndex;
      if (c === doc || (doc && c.id === doc.id) || skipped(c)) continue;
      walk(c);
    }
    uncovered(n, at, n.endIndex);
  };
  if (!skipped(node)) walk(node);
  if (profile.indentSensitive) return out;
  return out.filter((t, i) => t !== ',\u0000,' || !CLOSERS.has(out[i + 1]?.split('\u0000')[0] ?? ''));
}

function sameSequence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `b` is `a` re-laid out or re-quoted (what a formatter does), nothing else. */
export function sameCode(a: Node, b: Node, profile: TreeProfile): boolean {
  return sameSequence(codeTokens(a, profile, false), codeTokens(b, profile, false));
}

/** The node's code without its documentation, as one comparable string. */
export function codeText(node: Node, profile: TreeProfile): string {
  return codeTokens(node, profile, true).join('\u0001');
}
