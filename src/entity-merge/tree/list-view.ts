/**
 * One version of a list node (object literal, use list, parameter list, union type, ...) cut into elements that can
 * be merged and re-rendered: each element carries its leading comments (own lines above it) and its trailing
 * same-line comment, so comments travel with their element. The list owns the separators and the whitespace
 * between elements; offsets are the version's string offsets.
 */
import type { Node } from 'web-tree-sitter';
import type { ListRule, TreeProfile } from './profile.js';

export interface ListElement {
  key: string;
  /** The element's syntax nodes: one for 'nodes' lists, a run of tokens for 'runs' lists. */
  nodes: Node[];
  /** Leading comments and the whitespace between them and the element ('' when none). */
  lead: string;
  core: string;
  /** Text from the end of the core through the separator that followed it (`,`, ` |`), '' when none. */
  sep: string;
  /** Whitespace before the trailing comment. */
  trailerPad: string;
  /** Same-line comment(s) after the element (and its separator), '' when none. */
  trailer: string;
  /** Whitespace up to the next element (or, for the last, up to the list's suffix). */
  after: string;
}

export interface ListView {
  /** Text of the node up to its first element's lead (open token, frame, whitespace). */
  prefix: string;
  elements: ListElement[];
  /** From the end of the last element's `after` to the end of the node (close token, tail comments, frame). */
  suffix: string;
  /** Whitespace between the open and close tokens of an empty list. */
  empty: string;
}

/** A line comment before the separator would comment the separator out: it is a trailer, never part of the core. */
function isLineComment(profile: TreeProfile, text: string): boolean {
  return profile.isLineComment(text);
}

type Item = { kind: 'el'; node: Node } | { kind: 'sep'; node: Node } | { kind: 'comment'; node: Node };

function childrenWithFields(node: Node): Array<{ node: Node; field: string | null }> {
  const out: Array<{ node: Node; field: string | null }> = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (c) out.push({ node: c, field: node.fieldNameForChild(i) });
  }
  return out;
}

/** Content children of the list (between open and close, flattened), or null when the node does not fit the rule. */
function contentItems(node: Node, rule: ListRule, profile: TreeProfile): { items: Item[]; start: number; end: number } | null {
  let kids = childrenWithFields(node);
  if (rule.flatten) {
    const flat: typeof kids = [];
    const walk = (n: Node): void => {
      for (const k of childrenWithFields(n)) {
        if (k.node.type === node.type && k.node.isNamed) walk(k.node);
        else flat.push(k);
      }
    };
    walk(node);
    kids = flat;
  }
  let lo = 0;
  let hi = kids.length;
  let start = node.startIndex;
  let end = node.endIndex;
  if (rule.open !== undefined) {
    const i = kids.findIndex((k) => !k.node.isNamed && k.node.type === rule.open);
    if (i < 0) return null;
    lo = i + 1;
    start = kids[i]?.node.endIndex ?? start;
  }
  if (rule.close !== undefined) {
    let j = -1;
    for (let x = kids.length - 1; x >= lo; x--) {
      const k = kids[x];
      if (k && !k.node.isNamed && k.node.type === rule.close) {
        j = x;
        break;
      }
    }
    if (j < 0) return null;
    hi = j;
    end = kids[j]?.node.startIndex ?? end;
  }
  const isEl = (k: { node: Node; field: string | null }): boolean =>
    rule.isElement ? rule.isElement(k.node, k.field) : rule.elements === 'runs' ? true : k.node.isNamed;
  if (rule.open === undefined || rule.isElement) {
    // Without an open token (or with a frame around the list) the list spans its first to its last element.
    const first = kids.findIndex((k, x) => x >= lo && x < hi && isEl(k));
    if (first < 0) return null;
    let last = hi - 1;
    while (last > first) {
      const k = kids[last];
      if (k && (isEl(k) || (!k.node.isNamed && rule.separators.includes(k.node.type)))) break;
      last--;
    }
    if (rule.open === undefined) {
      lo = first;
      start = kids[first]?.node.startIndex ?? start;
    }
    if (rule.close === undefined) {
      hi = last + 1;
      end = kids[last]?.node.endIndex ?? end;
    }
  }
  const items: Item[] = [];
  for (let x = lo; x < hi; x++) {
    const k = kids[x];
    if (!k) continue;
    if (profile.commentTypes.has(k.node.type)) items.push({ kind: 'comment', node: k.node });
    else if (!k.node.isNamed && rule.separators.includes(k.node.type)) items.push({ kind: 'sep', node: k.node });
    else if (isEl(k)) items.push({ kind: 'el', node: k.node });
    else if (rule.isElement) return null;
    else if (rule.elements === 'nodes') return null;
    else items.push({ kind: 'el', node: k.node });
  }
  return { items, start, end };
}

interface Draft {
  nodes: Node[];
  /** End of same-line comments between the element and its separator (a block comment right after `foo`, before its comma): part of the core. */
  coreEnd: number;
  leadStart: number;
  sepEnd: number;
  trailerStart: number;
  trailerEnd: number;
}

/** Cut a list node into elements; null when it does not have the shape the rule describes. */
export function listView(node: Node, rule: ListRule, profile: TreeProfile, source: string): ListView | null {
  const content = contentItems(node, rule, profile);
  if (!content) return null;
  const drafts: Draft[] = [];
  let pendingLead = -1;
  let leadingSep = false;
  for (const item of content.items) {
    const cur = drafts[drafts.length - 1];
    const coreEnd = cur ? cur.coreEnd : 0;
    if (item.kind === 'el') {
      if (cur && rule.elements === 'runs' && cur.sepEnd < 0 && cur.trailerStart < 0 && pendingLead < 0 && cur.coreEnd === cur.nodes[cur.nodes.length - 1]?.endIndex) {
        cur.nodes.push(item.node);
        cur.coreEnd = item.node.endIndex;
        continue;
      }
      if (cur && rule.style === 'separator' && cur.sepEnd < 0) return null;
      drafts.push({ nodes: [item.node], coreEnd: item.node.endIndex, leadStart: pendingLead >= 0 ? pendingLead : item.node.startIndex, sepEnd: -1, trailerStart: -1, trailerEnd: -1 });
      pendingLead = -1;
    } else if (item.kind === 'sep') {
      if (!cur) {
        // `type T = | A | B`: a separator before the first element is part of the frame.
        if (leadingSep || pendingLead >= 0) return null;
        leadingSep = true;
        continue;
      }
      if (cur.sepEnd >= 0 || cur.trailerStart >= 0 || pendingLead >= 0) return null;
      cur.sepEnd = item.node.endIndex;
    } else {
      const from = cur ? Math.max(coreEnd, cur.sepEnd, cur.trailerEnd) : -1;
      const sameLine = cur !== undefined && pendingLead < 0 && !source.slice(from, item.node.startIndex).includes('\n');
      if (sameLine && cur && cur.sepEnd < 0 && cur.trailerStart < 0 && !isLineComment(profile, item.node.text)) {
        cur.coreEnd = item.node.endIndex;
      } else if (sameLine && cur) {
        if (cur.trailerStart < 0) cur.trailerStart = item.node.startIndex;
        cur.trailerEnd = item.node.endIndex;
      } else if (pendingLead < 0) {
        pendingLead = item.node.startIndex;
      }
    }
  }
  if (drafts.length === 0) {
    if (pendingLead >= 0 || leadingSep) return null;
    return { prefix: source.slice(node.startIndex, content.start), elements: [], suffix: source.slice(content.end, node.endIndex), empty: source.slice(content.start, content.end) };
  }
  const first = drafts[0];
  if (!first) return null;
  const elements: ListElement[] = [];
  let tailStart = content.end;
  drafts.forEach((d, i) => {
    const coreStart = d.nodes[0]?.startIndex ?? 0;
    const coreEnd = d.coreEnd;
    const sepEnd = d.sepEnd >= 0 ? d.sepEnd : coreEnd;
    const endOwn = d.trailerEnd >= 0 ? d.trailerEnd : sepEnd;
    const next = drafts[i + 1];
    let afterEnd = next ? next.leadStart : content.end;
    if (!next) {
      // Whitespace only: a comment after the last element (on its own line) belongs to the suffix.
      const rest = source.slice(endOwn, content.end);
      afterEnd = endOwn + (rest.length - rest.trimStart().length);
      tailStart = afterEnd;
    }
    elements.push({
      key: d.nodes.length === 1 && d.nodes[0] ? profile.key(d.nodes[0]) : `t:${source.slice(coreStart, coreEnd).replace(/\s+/g, ' ').trim()}`,
      nodes: d.nodes,
      lead: source.slice(d.leadStart, coreStart),
      core: source.slice(coreStart, coreEnd),
      sep: source.slice(coreEnd, sepEnd),
      trailerPad: d.trailerStart >= 0 ? source.slice(sepEnd, d.trailerStart) : '',
      trailer: d.trailerStart >= 0 ? source.slice(d.trailerStart, d.trailerEnd) : '',
      after: source.slice(endOwn, afterEnd),
    });
  });
  return { prefix: source.slice(node.startIndex, first.leadStart), elements, suffix: source.slice(tailStart, node.endIndex), empty: '' };
}

/** Everything an element contributes, for change detection (whitespace between elements excluded). */
export function elementText(e: ListElement, rule: ListRule): string {
  return `${e.lead}\u0000${e.core}\u0000${rule.style === 'terminator' ? e.sep.trim() : ''}\u0000${e.trailer}`;
}
