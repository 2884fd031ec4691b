/**
 * A callable's signature cut from its parse tree: the entity's text up to the function node's `body` field.
 * The grammar already knows where strings, templates, raw strings, lifetimes and comments end, so a brace or colon
 * inside any of them cannot move the cut.
 */
import type { Node } from 'web-tree-sitter';
import { field } from './spec.js';
import { normaliseWhitespace } from './text-index.js';
import type { LanguageId } from './types.js';

/** Comment nodes' [start, end) offsets, in source order (the order a tree walk yields them). */
export type CommentSpans = ReadonlyArray<readonly [number, number]>;

/** Index of the first comment starting at or after `offset` (binary search: a file can hold thousands). */
function firstCommentFrom(comments: CommentSpans, offset: number): number {
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((comments[mid]?.[0] ?? Infinity) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `source[from, to)` with every comment replaced by a space. */
function withoutComments(source: string, from: number, to: number, comments: CommentSpans): string {
  let out = '';
  let at = from;
  for (let i = firstCommentFrom(comments, from); i < comments.length; i++) {
    const span = comments[i];
    if (!span || span[0] >= to) break;
    out += `${source.slice(at, span[0])} `;
    at = span[1];
  }
  return out + source.slice(at, to);
}

/**
 * TypeScript infers an unannotated return type from the body, so the body is then part of the interface.
 * Constructors are the exception: they return their class whatever the body does. JavaScript has no static
 * types, Python and Rust return what the header says.
 */
function bodyDecidesType(fn: Node, lang: LanguageId): boolean {
  if (lang !== 'typescript' && lang !== 'tsx') return false;
  return field(fn, 'return_type') === null && field(fn, 'name')?.text !== 'constructor';
}

/**
 * The signature of the callable `fn` whose entity text starts at `from`: the text before `fn`'s body, comments
 * removed and whitespace collapsed. For folded overloads `fn` is the implementation and `from` the first overload,
 * so the overload lines are part of it. Null when there is no body to separate (signatures, declarations) or the
 * body decides the type.
 */
export function signatureText(source: string, from: number, fn: Node, lang: LanguageId, comments: CommentSpans): string | null {
  const body = field(fn, 'body');
  if (!body || body.startIndex < from || bodyDecidesType(fn, lang)) return null;
  return normaliseWhitespace(withoutComments(source, from, body.startIndex, comments));
}
