/**
 * The code of a node as a token sequence, so that two versions compare equal exactly when they differ in what a
 * formatter changes: whitespace between tokens, the quotes around a string (`'a'` / `"a"`), a trailing comma before
 * a closing bracket (but not the one that makes a one-element tuple). Where indentation is syntax, every block's
 * extent and indentation are part of the code. `codeText` also leaves out the node's documentation (comments, a
 * Python block's leading docstring): one side editing a docstring or a comment and the other editing statements is
 * not "two edits of one function".
 */
import type { Node } from 'web-tree-sitter';
import type { TreeProfile } from './profile.js';

const CLOSERS: ReadonlySet<string> = new Set([')', ']', '}', '>']);

function docstringOf(block: Node): Node | null {
  const first = block.namedChildren.find((c): c is Node => c !== null && c.type !== 'comment');
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return null;
  return first.namedChild(0)?.type === 'string' ? first : null;
}

/**
 * What the comparison leaves out: documentation (comments, docstrings), and what formatters change beyond
 * whitespace (quote style, trailing commas). Whitespace between tokens is never compared.
 */
interface Ignoring {
  docs: boolean;
  formatting: boolean;
}

/** A leaf as a token: its type and text, a string's quote delimiters normalised if asked (escapes are content). */
function leafToken(n: Node, formatting: boolean): string {
  const delimiter = formatting && (n.type === 'string_start' || n.type === 'string_end' || ((n.type === "'" || n.type === '"') && n.parent?.type === 'string'));
  return delimiter ? `q\u0000${n.text.replaceAll("'", '"')}` : `${n.type}\u0000${n.text}`;
}

function codeTokens(node: Node, profile: TreeProfile, ignoring: Ignoring): string[] {
  const out: string[] = [];
  const skipped = (n: Node): boolean => ignoring.docs && profile.commentTypes.has(n.type);
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
      out.push(leafToken(n, ignoring.formatting));
      return;
    }
    // Where indentation is syntax a block's extent is not in its tokens: mark where it starts (and at which column)
    // and where it ends, so a statement moved out of an `if` is not the same code.
    const indented = n.type === 'block' && profile.indentSensitive;
    const doc = indented && ignoring.docs ? docstringOf(n) : null;
    if (indented) out.push(`b\u0000${n.startPosition.column}`);
    let at = n.startIndex;
    const children = n.children.filter((c): c is Node => c !== null);
    children.forEach((c, i) => {
      uncovered(n, at, c.startIndex);
      at = c.endIndex;
      if ((doc !== null && c.id === doc.id) || skipped(c) || (ignoring.formatting && trailingComma(n, children, i))) return;
      walk(c);
    });
    uncovered(n, at, n.endIndex);
    if (indented) out.push('e\u0000');
  };
  if (!skipped(node)) walk(node);
  return out;
}

/**
 * A comma right before a closing bracket is layout (formatters add and remove it), except in a one-element tuple,
 * where it makes the tuple: `(x,)` is not `(x)`.
 */
function trailingComma(parent: Node, children: readonly Node[], i: number): boolean {
  if (children[i]?.type !== ',') return false;
  const next = children.slice(i + 1).find((c) => !c.type.includes('comment'));
  if (!next || !CLOSERS.has(next.type)) return false;
  const tupleLike = parent.type.includes('tuple') || parent.type === 'subscript';
  return !tupleLike || parent.namedChildren.filter((c) => c !== null && !c.type.includes('comment')).length > 1;
}

function sameSequence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * For each side, whether it is `base` re-laid out, re-quoted or with trailing commas changed (what a formatter does),
 * nothing else. Base's tokens are read once for all sides.
 */
export function formatterOnly(base: Node, sides: readonly Node[], profile: TreeProfile): boolean[] {
  const ignoring = { docs: false, formatting: true };
  const tokens = codeTokens(base, profile, ignoring);
  return sides.map((side) => sameSequence(tokens, codeTokens(side, profile, ignoring)));
}

/** `b` is `a` with only the whitespace between tokens changed: dropping that change loses nothing visible. */
export function sameTokens(a: Node, b: Node, profile: TreeProfile): boolean {
  return sameSequence(codeTokens(a, profile, { docs: false, formatting: false }), codeTokens(b, profile, { docs: false, formatting: false }));
}

/** The node's code without its documentation and formatting, as one comparable string. */
export function codeText(node: Node, profile: TreeProfile): string {
  return codeTokens(node, profile, { docs: true, formatting: true }).join('\u0001');
}
