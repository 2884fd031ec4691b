/**
 * Entry point of the merge below the entity level: an entity (or import statement) both sides changed is located
 * in each version's syntax tree as the run of sibling nodes its whole-line span covers (comments, attributes,
 * decorators, the item), and merged on the tree (tree-merge.ts). Null when the spans do not map onto nodes or
 * the tree merge cannot decide; the caller then reports the usual conflict.
 *
 * Default policy for callables (and other items with a statement body): if one side changed the body, any other
 * change by the other side to the same item (its body, parameters, decorators, attributes) is a conflict. Two edits
 * of one function are never merged silently; only the 'diff3' style lets the tree merge combine them, and even
 * then only when they touch different statements.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Entity } from '../../analysis/types.js';
import { profileFor } from './profile.js';
import type { TreeProfile } from './profile.js';
import { codeText } from './code-text.js';
import { layoutFree } from './layout-free.js';
import { TreeMerger } from './tree-merge.js';
import type { NodeRun } from './tree-merge.js';
import type { LanguageId } from '../../analysis/types.js';

export interface VersionTrees {
  lang: LanguageId;
  base: { text: string; tree: Tree };
  ours: { text: string; tree: Tree };
  theirs: { text: string; tree: Tree };
}

/** The sibling nodes exactly covering the non-blank part of [start, end), or null. */
export function nodesInSpan(root: Node, source: string, start: number, end: number): NodeRun | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(source[s] ?? '')) s++;
  while (e > s && /\s/.test(source[e - 1] ?? '')) e--;
  if (s >= e) return null;
  let node: Node = root;
  for (;;) {
    const inner = node.children.find((c): c is Node => c !== null && c.startIndex <= s && c.endIndex >= e);
    if (!inner) break;
    node = inner;
  }
  if (node.startIndex === s && node.endIndex === e) return { start, end, nodes: [node] };
  const nodes = node.children.filter((c): c is Node => c !== null && c.startIndex >= s && c.endIndex <= e);
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (!first || !last || first.startIndex !== s || last.endIndex !== e) return null;
  // Nothing may straddle the span's edges.
  if (node.children.some((c) => c !== null && c.startIndex < e && c.endIndex > s && !(c.startIndex >= s && c.endIndex <= e))) return null;
  return { start, end, nodes };
}

const UNWRAP = ['declaration', 'definition', 'value'];

/**
 * The function an expression statement defines (JS entities that are statements): `X.prototype.y = function`'s
 * value, `it('title', () => {...})`'s callback.
 */
function statementValue(item: Node): Node | null {
  if (item.type !== 'expression_statement') return null;
  const expr = item.namedChild(0);
  if (expr?.type === 'assignment_expression') return expr.childForFieldName('right');
  if (expr?.type !== 'call_expression') return null;
  const args = expr.childForFieldName('arguments');
  return args?.namedChildren.filter((c): c is Node => c !== null).pop() ?? null;
}

/** A token tree with a `;` at any depth: statements, not a list. */
function holdsStatements(tree: Node): boolean {
  return tree.children.some((c) => c !== null && (c.type === ';' || (c.type === 'token_tree' && holdsStatements(c))));
}

/** The statement body of the run's item (function, method, class, impl), if any. */
function itemBody(run: NodeRun, profile: TreeProfile): Node | null {
  let item: Node | undefined = [...run.nodes].reverse().find((n) => !profile.commentTypes.has(n.type) && n.type !== 'attribute_item' && n.type !== 'decorator');
  for (let depth = 0; item && depth < 5; depth++) {
    // An item-level Rust macro call given statements (`test!(name { let p = ...; })`) is a function the tree cannot
    // see into: held to the body rule. One given a list (`declare_lint! { pub NAME, Warn, "..." }`) is a declaration.
    if (item.type === 'expression_statement' && item.namedChild(0)?.type === 'macro_invocation') item = item.namedChild(0) ?? item;
    if (item.type === 'macro_invocation') {
      const args = item.namedChildren.find((c): c is Node => c !== null && c.type === 'token_tree');
      return args && holdsStatements(args) ? args : null;
    }
    const body = item.childForFieldName('body');
    if (body && profile.isBody(body)) return body;
    // `const f = function () {...}` / `const f = () => {...}`: the one declarator's value.
    const declarators = item.namedChildren.filter((c): c is Node => c !== null && c.type === 'variable_declarator');
    const only = declarators.length === 1 ? declarators[0] : undefined;
    const next = only ?? statementValue(item) ?? UNWRAP.map((f) => item?.childForFieldName(f)).find((n): n is Node => n !== null && n !== undefined);
    if (!next) return null;
    item = next;
  }
  return null;
}

function textOutside(source: string, run: NodeRun, body: Node): string {
  return layoutFree(source.slice(run.start, body.startIndex) + source.slice(body.endIndex, run.end));
}

/** Both sides changed the item, and at least one of them changed its body: the default mode's conflict. */
function bodyRuleViolated(runs: { b: NodeRun; o: NodeRun; t: NodeRun }, src: { b: string; o: string; t: string }, profile: TreeProfile): boolean {
  const bb = itemBody(runs.b, profile);
  const bo = itemBody(runs.o, profile);
  const bt = itemBody(runs.t, profile);
  if (!bb || !bo || !bt) return false;
  // Layout-only and documentation-only changes (re-wrapped lines, an edited docstring or comment) are not edits
  // of the body here: they merge with the other side's edit.
  const code = codeText(bb, profile);
  const bodyO = codeText(bo, profile) !== code;
  const bodyT = codeText(bt, profile) !== code;
  const restO = textOutside(src.o, runs.o, bo) !== textOutside(src.b, runs.b, bb);
  const restT = textOutside(src.t, runs.t, bt) !== textOutside(src.b, runs.b, bb);
  return (bodyO && (bodyT || restT)) || (bodyT && restO);
}

/** Whether any version of the entity is an item with a statement body (unknown spans count as one). */
export function entityHasStatementBody(base: Entity, ours: Entity, theirs: Entity, trees: VersionTrees): boolean {
  const profile = profileFor(trees.lang);
  return ([
    [base, trees.base],
    [ours, trees.ours],
    [theirs, trees.theirs],
  ] as const).some(([e, v]) => {
    const run = nodesInSpan(v.tree.rootNode, v.text, e.startByte, e.endByte);
    return run === null || itemBody(run, profile) !== null;
  });
}

/** Merged text of an entity both sides changed, or null (conflict). */
export function mergeEntityOnTree(base: Entity, ours: Entity, theirs: Entity, trees: VersionTrees, allowStatements: boolean): string | null {
  const profile = profileFor(trees.lang);
  const src = { b: trees.base.text, o: trees.ours.text, t: trees.theirs.text };
  const rb = nodesInSpan(trees.base.tree.rootNode, src.b, base.startByte, base.endByte);
  const ro = nodesInSpan(trees.ours.tree.rootNode, src.o, ours.startByte, ours.endByte);
  const rt = nodesInSpan(trees.theirs.tree.rootNode, src.t, theirs.startByte, theirs.endByte);
  if (!rb || !ro || !rt) return null;
  // Declarations (members, fields, aliases, imports) are elements both sides changed: only changes in different
  // nested list elements combine. Callables may also combine a modifier added here with a parameter added there.
  const strict = itemBody(rb, profile) === null;
  if (!allowStatements && bodyRuleViolated({ b: rb, o: ro, t: rt }, src, profile)) return sideContainingTheOther(rb, ro, rt, src, profile, strict);
  const merged = new TreeMerger(profile, src, { allowStatements }).run(rb, ro, rt, false, strict);
  if (merged === null || !merged.endsWith('\n')) return null;
  return merged;
}

/**
 * Under the body rule, one exception: every change one side made to the item is also in the other side's version
 * (the same edit made on both branches, one of them went further). The statement merge then yields exactly one
 * side's item, byte for byte: nothing of two authors is combined, so that item is the result.
 */
function sideContainingTheOther(rb: NodeRun, ro: NodeRun, rt: NodeRun, src: { b: string; o: string; t: string }, profile: TreeProfile, strict: boolean): string | null {
  const merged = new TreeMerger(profile, src, { allowStatements: true }).run(rb, ro, rt, false, strict);
  if (merged === null) return null;
  const oursText = src.o.slice(ro.start, ro.end);
  const theirsText = src.t.slice(rt.start, rt.end);
  return merged === oursText || merged === theirsText ? merged : null;
}
