/**
 * Entity extraction: classify nodes per language (extract-*.ts), then give every entity a whole-line span that
 * carries its attached comments, decorators and attributes, fold overloads, key it for matching, and record
 * callables' signatures (signature.ts).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { entityHash } from './hash.js';
import { parseSource } from './languages.js';
import { pythonSpec } from './extract-python.js';
import { rustSpec } from './extract-rust.js';
import { typescriptSpec } from './extract-typescript.js';
import { signatureText } from './signature.js';
import { allChildren, namedChildren } from './spec.js';
import type { Candidate, LanguageSpec, ScopeKind } from './spec.js';
import { LineIndex, normaliseWhitespace } from './text-index.js';
import type { Entity, ExtractResult, ImportInfo, LanguageId } from './types.js';

export function specFor(lang: LanguageId): LanguageSpec {
  switch (lang) {
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return typescriptSpec;
    case 'python':
      return pythonSpec;
    case 'rust':
      return rustSpec;
  }
}

interface CommentLine {
  /** First row of the comment node covering this row. */
  startRow: number;
  column: number;
  detached: boolean;
}

interface Context {
  source: string;
  lang: LanguageId;
  lines: LineIndex;
  spec: LanguageSpec;
  /** Rows that hold nothing but (part of) a comment. */
  commentRows: Map<number, CommentLine>;
  /** Offsets where a comment node starts (to accept trailing comments after an entity). */
  commentStarts: Set<number>;
  /** Every comment node's span, in source order (signatures leave them out). */
  comments: Array<[number, number]>;
}

interface ParentInfo {
  key: string;
  qualifiedName: string;
  separator: string;
}

interface Placed {
  cand: Candidate;
  startRow: number;
  endRow: number;
}

export async function extractEntities(source: string, lang: LanguageId): Promise<ExtractResult> {
  const tree = await parseSource(source, lang);
  try {
    return extractFromTree(tree, source, lang);
  } finally {
    tree.delete();
  }
}

export function extractFromTree(tree: Tree, source: string, lang: LanguageId): ExtractResult {
  const spec = specFor(lang);
  const root = tree.rootNode;
  const ctx: Context = { source, lang, lines: new LineIndex(source), spec, commentRows: new Map(), commentStarts: new Set(), comments: [] };
  indexComments(ctx, root);
  const problems: string[] = [];
  const entities = buildScope(ctx, root, 'top', null, -1, problems);
  return { entities, hasErrors: root.hasError, problems };
}

function indexComments(ctx: Context, root: Node): void {
  const comments = root.descendantsOfType([...ctx.spec.commentTypes]);
  for (const c of comments) {
    if (!c) continue;
    ctx.commentStarts.add(c.startIndex);
    ctx.comments.push([c.startIndex, c.endIndex]);
    const startRow = c.startPosition.row;
    const endRow = ctx.lines.rowOf(c.endIndex);
    const before = ctx.source.slice(ctx.lines.lineStart(startRow), c.startIndex);
    const after = ctx.source.slice(c.endIndex, ctx.lines.lineEndExclusive(endRow));
    if (before.trim() !== '' || after.trim() !== '') continue;
    const info: CommentLine = { startRow, column: before.length, detached: ctx.spec.isDetachedComment(c.text) };
    for (let row = startRow; row <= endRow; row++) ctx.commentRows.set(row, info);
  }
}

/**
 * End of the entity's own content: Python's grammar puts comments that follow a block inside the block, so trailing
 * comments are skipped, descending through last children.
 */
function contentEnd(ctx: Context, node: Node): number {
  const children = allChildren(node);
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i];
    if (!child) continue;
    if (ctx.spec.commentTypes.has(child.type)) continue;
    if (child.endIndex === child.startIndex) continue;
    return contentEnd(ctx, child);
  }
  return node.endIndex;
}

function place(ctx: Context, cand: Candidate, floorRow: number, problems: string[]): Placed | null {
  const { lines, source } = ctx;
  let first: Node = cand.node;
  for (let prev = previousNonComment(ctx, first); prev && ctx.spec.isAttachable(prev); prev = previousNonComment(ctx, prev)) {
    if (lines.rowOf(prev.endIndex) < first.startPosition.row - 1 || prev.startPosition.row <= floorRow) break;
    first = prev;
  }
  let startRow = first.startPosition.row;
  const indent = source.slice(lines.lineStart(startRow), first.startIndex);
  if (indent.trim() !== '') {
    problems.push(`${cand.kind} ${cand.name} starts mid-line (line ${startRow + 1})`);
    return null;
  }
  // Comment lines directly above (no blank line), at the entity's indentation, are the entity's documentation.
  for (;;) {
    const above = ctx.commentRows.get(startRow - 1);
    if (!above || above.detached || above.column !== indent.length || above.startRow <= floorRow) break;
    startRow = above.startRow;
  }
  const end = contentEnd(ctx, cand.trailing ?? cand.node);
  const endRow = lines.rowOf(Math.max(end - 1, cand.node.startIndex));
  const rest = source.slice(end, lines.lineEndExclusive(endRow));
  const afterPunct = rest.replace(/^[\s;,]*/, '');
  if (afterPunct !== '' && !ctx.commentStarts.has(lines.lineEndExclusive(endRow) - afterPunct.length)) {
    problems.push(`${cand.kind} ${cand.name} shares its last line with other code (line ${endRow + 1})`);
    return null;
  }
  return { cand, startRow, endRow };
}

function previousNonComment(ctx: Context, node: Node): Node | null {
  let prev = node.previousNamedSibling;
  while (prev && ctx.spec.commentTypes.has(prev.type)) prev = prev.previousNamedSibling;
  return prev;
}

/** Rows of the line holding a container's opening delimiter: members must start below it. */
function bodyFloorRow(ctx: Context, body: Node): number {
  const open = body.child(0);
  if (open && !open.isNamed) return ctx.lines.rowOf(open.startIndex);
  const before = body.previousSibling;
  return ctx.lines.rowOf(before ? Math.max(before.endIndex - 1, before.startIndex) : body.startIndex);
}

/** Members must end above the row of a closing delimiter; bodies without one (Python) may run to the entity's end. */
function bodyCeilingRow(ctx: Context, body: Node, entityEndRow: number): number {
  const close = body.child(body.childCount - 1);
  if (close && !close.isNamed && body.childCount > 1) return ctx.lines.rowOf(close.startIndex);
  return entityEndRow + 1;
}

const FOLDABLE = new Set(['function', 'method']);

function buildScope(ctx: Context, scopeNode: Node, scope: ScopeKind, parent: ParentInfo | null, floorRow: number, problems: string[]): Entity[] {
  const placed: Placed[] = [];
  let floor = floorRow;
  for (const child of namedChildren(scopeNode)) {
    const cand = ctx.spec.classify(child, scope);
    if (!cand) continue;
    const p = place(ctx, cand, floor, problems);
    if (!p) continue;
    const prev = placed[placed.length - 1];
    if (prev && prev.endRow >= p.startRow) {
      problems.push(`${prev.cand.name} and ${cand.name} share line ${p.startRow + 1}`);
      continue;
    }
    placed.push(p);
    floor = p.endRow;
  }
  // Consecutive same-name functions/methods are one entity: overload signatures + implementation, get/set pairs,
  // Python @property + @x.setter.
  const folded: Placed[][] = [];
  for (const p of placed) {
    const last = folded[folded.length - 1];
    const head = last?.[0];
    if (last && head && FOLDABLE.has(p.cand.kind) && head.cand.kind === p.cand.kind && head.cand.name === p.cand.name) last.push(p);
    else folded.push([p]);
  }
  const ordinals = new Map<string, number>();
  const entities: Entity[] = [];
  for (const group of folded) {
    const head = group[0];
    const tail = group[group.length - 1];
    if (!head || !tail) continue;
    const { cand } = head;
    const base = `${cand.family}:${cand.name}`;
    const ordinal = ordinals.get(base) ?? 0;
    ordinals.set(base, ordinal + 1);
    const key = `${parent ? `${parent.key}/` : ''}${base}#${ordinal}`;
    const startByte = ctx.lines.lineStart(head.startRow);
    const endByte = ctx.lines.lineEndInclusive(tail.endRow);
    const text = ctx.source.slice(startByte, endByte);
    const qualifiedName = parent ? `${parent.qualifiedName}${parent.separator}${cand.name}` : cand.name;
    let children: Entity[] = [];
    let container = false;
    if (group.length === 1 && cand.body && cand.bodyScope) {
      const memberProblems: string[] = [];
      const info: ParentInfo = { key, qualifiedName, separator: ctx.spec.memberSeparator(cand.bodyScope) };
      const floorRow = bodyFloorRow(ctx, cand.body);
      const members = buildScope(ctx, cand.body, cand.bodyScope, info, floorRow, memberProblems);
      const ceilingRow = bodyCeilingRow(ctx, cand.body, tail.endRow);
      const inside = members.every((m) => m.startLine - 1 > floorRow && m.endLine - 1 < ceilingRow);
      // Members that cannot be sliced by lines (one-line bodies, shared lines): merge the whole entity as a leaf.
      if (memberProblems.length === 0 && inside) {
        children = members;
        container = true;
      }
    }
    const entity: Entity = {
      key,
      kind: cand.kind,
      family: cand.family,
      name: cand.name,
      qualifiedName,
      parentKey: parent?.key ?? null,
      ordinal,
      startByte,
      endByte,
      startLine: head.startRow + 1,
      endLine: tail.endRow + 1,
      text,
      hash: entityHash(text),
      ordered: group.some((g) => g.cand.ordered),
      container,
      children,
    };
    if (cand.anonymous) entity.anonymous = true;
    if (cand.imports && group.length === 1) entity.imports = importInfo(cand, startByte);
    // Overloads end with the implementation, whose body ends the signature of the whole group.
    const fn = tail.cand.callable;
    if (fn) entity.signature = signatureText(ctx.source, startByte, fn, ctx.lang, ctx.comments);
    entities.push(entity);
  }
  return entities;
}

function importInfo(cand: Candidate, startByte: number): ImportInfo {
  const imp = cand.imports;
  if (!imp) throw new Error('importInfo called without import data');
  return {
    source: imp.source,
    names: imp.names,
    specifiers: imp.list
      ? {
          start: imp.list.start - startByte,
          end: imp.list.end - startByte,
          items: imp.list.items.map((n) => normaliseWhitespace(n.text)),
        }
      : null,
  };
}

/** Depth-first list of an entity tree (parents before children). */
export function flattenEntities(entities: readonly Entity[]): Entity[] {
  const out: Entity[] = [];
  const walk = (list: readonly Entity[]): void => {
    for (const e of list) {
      out.push(e);
      walk(e.children);
    }
  };
  walk(entities);
  return out;
}
