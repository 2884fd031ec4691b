/**
 * Three-way merge of one syntax node (or a run of sibling nodes) on the syntax tree, below the entity level.
 *  - A side that did not change a node yields the other side's version; identical changes merge.
 *  - List nodes of the language profile merge element-wise: commutative lists as sets keyed by identity, ordered
 *    lists by diff3 over their element sequence; comments travel with their element; the list owns separators.
 *  - Other nodes merge their children as an ordered sequence matched by node type, recursively; whitespace between
 *    children that only one side changed (re-indented, re-wrapped) is taken from that side.
 *  - Statement bodies changed by both sides never merge unless `allowStatements` (the caller's 'diff3' style):
 *    two edits of one function body are the conflict the default mode promises.
 * Every "cannot decide" is null; the caller turns it into a conflict. No node is matched by anything weaker than
 * its key, and a key present twice in one list stops the merge.
 */
import type { Node } from 'web-tree-sitter';
import { normaliseWhitespace } from '../../analysis/text-index.js';
import { elementText, listView } from './list-view.js';
import type { ListElement, ListView } from './list-view.js';
import type { ListRule, TreeProfile } from './profile.js';
import { orderedMerge, setOrder } from './sequence.js';
import { codeText, formatterOnly, sameTokens } from './code-text.js';
import type { Slot } from './sequence.js';

export interface TreeMergeOptions {
  allowStatements: boolean;
}

/** Sources of the three versions, indexed like the nodes passed in (base, ours, theirs). */
export interface Sources {
  b: string;
  o: string;
  t: string;
}

type V = 'b' | 'o' | 't';

/** The trivial three-way merge of one string: a side that kept base's yields the other. */
export function pick3(b: string, o: string, t: string): string | null {
  if (o === b) return t;
  if (t === b || t === o) return o;
  return null;
}

/** A run of sibling nodes covering [start, end) of one version: an entity's span, or a node's children. */
export interface NodeRun {
  start: number;
  end: number;
  nodes: Node[];
}

export class TreeMerger {
  constructor(
    private readonly profile: TreeProfile,
    private readonly src: Sources,
    private readonly options: TreeMergeOptions,
  ) {}

  private text(v: V, start: number, end: number): string {
    return this.src[v].slice(start, end);
  }

  /** Same children (by type) with the same whitespace between them as base: an edit confined to the children. */
  private sameFrame(b: Node, x: Node, v: V): boolean {
    if (b.childCount !== x.childCount) return false;
    for (let i = 0; i < b.childCount; i++) {
      const cb = b.child(i);
      const cx = x.child(i);
      if (!cb || !cx) return false;
      const nb = b.child(i + 1);
      const nx = x.child(i + 1);
      if (nb && nx && this.text('b', cb.endIndex, nb.startIndex) !== this.text(v, cx.endIndex, nx.startIndex)) return false;
    }
    return true;
  }

  /** Whitespace merged when both sides changed it differently: ours' layout (never for indentation-sensitive code). */
  private pickSpace(b: string, o: string, t: string): string | null {
    const r = pick3(b, o, t);
    if (r !== null) return r;
    if (o.trim() !== '' || t.trim() !== '' || b.trim() !== '') return null;
    if (this.profile.indentSensitive && (o.includes('\n') || t.includes('\n'))) return null;
    return o;
  }

  /**
   * `strict`: the node is (inside) an element both sides changed, where the merge may only combine changes made in
   * different nested list elements; any other pair of changes to one element (a type changed here, a `?` added
   * there) is that element's conflict.
   */
  node(b: Node, o: Node, t: Node, strict = false): string | null {
    const tb = b.text;
    const to = o.text;
    const tt = t.text;
    const trivial = pick3(tb, to, tt);
    if (trivial !== null) return trivial;
    if (b.type !== o.type || b.type !== t.type) return null;
    const [layoutOnlyO = false, layoutOnlyT = false] = formatterOnly(b, [o, t], this.profile);
    const merged = this.nodeEdited(b, o, t, strict, layoutOnlyO, layoutOnlyT);
    if (merged !== null || layoutOnlyO === layoutOnlyT) return merged;
    // One side only re-laid the node out and the finer merge could not keep that layout around the other side's
    // edit: the edited side's node, provided the layout change lost is whitespace alone (re-quoted strings and
    // trailing commas are visible: losing them is a conflict).
    if (layoutOnlyO) return sameTokens(b, o, this.profile) ? tt : null;
    return sameTokens(b, t, this.profile) ? to : null;
  }

  private nodeEdited(b: Node, o: Node, t: Node, strict: boolean, layoutOnlyO: boolean, layoutOnlyT: boolean): string | null {
    if (this.profile.isBody(b) && !this.options.allowStatements && !layoutOnlyO && !layoutOnlyT) {
      // Both sides changed this body: mergeable only when one of them changed documentation alone.
      const code = codeText(b, this.profile);
      if (codeText(o, this.profile) !== code && codeText(t, this.profile) !== code) return null;
    }
    const rule = this.profile.list(b);
    if (!rule && layoutOnlyO !== layoutOnlyT) {
      // One side only re-laid this node out, the other edited it. If both also changed the layout at this level
      // (the editor re-wrapped the line it wrote), no mix of the two layouts is the one either side wrote: conflict.
      if (!this.sameFrame(b, o, 'o') && !this.sameFrame(b, t, 't')) return null;
    }
    if (rule) {
      const ro = this.profile.list(o);
      const rt = this.profile.list(t);
      if (ro && rt && ro.kind === rule.kind && rt.kind === rule.kind) {
        const merged = this.list(rule, b, o, t);
        if (merged !== null || strict) return merged;
      }
      // An ordered list whose shape changed in ways the element merge cannot place: no guessing.
      if (rule.kind === 'ordered') return null;
    }
    if (b.childCount === 0 || o.childCount === 0 || t.childCount === 0) return null;
    const kids = (n: Node): Node[] => n.children.filter((c): c is Node => c !== null);
    return this.run(
      { start: b.startIndex, end: b.endIndex, nodes: kids(b) },
      { start: o.startIndex, end: o.endIndex, nodes: kids(o) },
      { start: t.startIndex, end: t.endIndex, nodes: kids(t) },
      strict,
    );
  }

  /** Merge three runs of sibling nodes as an ordered sequence keyed by node type (tokens by their text). */
  /** `childStrict`: merge the matched children strictly (an entity's run of attributes + item is not itself strict). */
  run(b: NodeRun, o: NodeRun, t: NodeRun, strict = false, childStrict = strict): string | null {
    const key = (n: Node): string => (n.isNamed ? `n:${n.type}` : `a:${n.type}`);
    const keys = { b: b.nodes.map(key), o: o.nodes.map(key), t: t.nodes.map(key) };
    if (strict && (keys.o.join('\u0000') !== keys.b.join('\u0000') || keys.t.join('\u0000') !== keys.b.join('\u0000'))) {
      // An element both sides changed: children added or removed at this level are not combined.
      const text = (r: NodeRun, v: V): string => this.text(v, r.start, r.end);
      return pick3(text(b, 'b'), text(o, 'o'), text(t, 't'));
    }
    const texts = { b: b.nodes.map((n) => n.text), o: o.nodes.map((n) => n.text), t: t.nodes.map((n) => n.text) };
    const slots = orderedMerge(keys, texts, (side, bi, si) => texts[side][si] !== texts.b[bi]);
    if (!slots) return null;
    const runs: Record<V, NodeRun> = { b, o, t };
    const startOf = (v: V, i: number): number => runs[v].nodes[i]?.startIndex ?? runs[v].end;
    const endOf = (v: V, i: number): number => (i < 0 ? runs[v].start : (runs[v].nodes[i]?.endIndex ?? runs[v].start));
    let out = '';
    for (let s = 0; s <= slots.length; s++) {
      const prev = slots[s - 1];
      const cur = slots[s];
      const gap = this.gap(prev, cur, (v, i, j) => this.text(v, endOf(v, i), startOf(v, j)), runs);
      if (gap === null) return null;
      out += gap;
      if (!cur) break;
      const piece = this.slot(cur, runs, childStrict);
      if (piece === null) return null;
      out += piece;
    }
    return out;
  }

  private slot(s: Slot, runs: Record<V, NodeRun>, strict: boolean): string | null {
    const nb = s.b !== undefined ? runs.b.nodes[s.b] : undefined;
    const no = s.o !== undefined ? runs.o.nodes[s.o] : undefined;
    const nt = s.t !== undefined ? runs.t.nodes[s.t] : undefined;
    if (nb && no && nt) return this.node(nb, no, nt, strict);
    const only = no ?? nt;
    return only ? only.text : null;
  }

  /**
   * The whitespace between two consecutive output slots: from the versions in which they were neighbours (merged
   * when all three had them side by side), else from the side that inserted one of them.
   */
  private gap(prev: Slot | undefined, cur: Slot | undefined, between: (v: V, i: number, j: number) => string, runs: Record<V, NodeRun>): string | null {
    const lengths: Record<V, number> = { b: runs.b.nodes.length, o: runs.o.nodes.length, t: runs.t.nodes.length };
    const idx = (s: Slot | undefined, v: V, edge: 'prev' | 'cur'): number | undefined => {
      if (s) return s[v];
      return edge === 'prev' ? -1 : lengths[v];
    };
    const adjacent: Partial<Record<V, string>> = {};
    for (const v of ['b', 'o', 't'] as const) {
      const i = idx(prev, v, 'prev');
      const j = idx(cur, v, 'cur');
      if (i !== undefined && j !== undefined && j === i + 1) adjacent[v] = between(v, i, j);
    }
    if (adjacent.b !== undefined && adjacent.o !== undefined && adjacent.t !== undefined) return this.pickSpace(adjacent.b, adjacent.o, adjacent.t);
    const any = adjacent.o ?? adjacent.t ?? adjacent.b;
    if (any !== undefined) return any;
    // A slot inserted by one side brings the whitespace it had before it there (or after its predecessor).
    for (const v of ['o', 't'] as const) {
      const j = cur?.[v];
      if (j !== undefined && cur?.b === undefined) return between(v, j - 1, j);
    }
    for (const v of ['o', 't'] as const) {
      const i = prev?.[v];
      if (i !== undefined && prev?.b === undefined) return between(v, i, i + 1);
    }
    return null;
  }

  // ---- lists ----

  private list(rule: ListRule, b: Node, o: Node, t: Node): string | null {
    const vb = listView(b, rule, this.profile, this.src.b);
    const vo = listView(o, rule, this.profile, this.src.o);
    const vt = listView(t, rule, this.profile, this.src.t);
    if (!vb || !vo || !vt) return null;
    const views: Record<V, ListView> = { b: vb, o: vo, t: vt };
    // In an ordered list an element without a name (a positional argument) is matched by its text when it is a
    // leaf, by its node type when it has structure (an object argument both sides extended is one element).
    const key = (e: ListElement): string => {
      const n = e.nodes[0];
      if (rule.kind === 'set' || e.key.startsWith('p:') || e.nodes.length !== 1 || !n || n.namedChildCount === 0) return e.key;
      return `y:${n.type}`;
    };
    const keys = { b: vb.elements.map(key), o: vo.elements.map(key), t: vt.elements.map(key) };
    const texts = {
      b: vb.elements.map((e) => elementText(e, rule)),
      o: vo.elements.map((e) => elementText(e, rule)),
      t: vt.elements.map((e) => elementText(e, rule)),
    };
    let slots: Slot[] | null;
    if (rule.kind === 'set') {
      const order = setOrder(keys.b, keys.o, keys.t);
      if (!order) return null;
      slots = [];
      for (const k of order) {
        const s: Slot = {};
        const ib = keys.b.indexOf(k);
        const io = keys.o.indexOf(k);
        const it = keys.t.indexOf(k);
        if (ib >= 0) s.b = ib;
        if (io >= 0) s.o = io;
        if (it >= 0) s.t = it;
        slots.push(s);
      }
      // Deleted by one side: only if the other left it as base had it (else a modify/delete conflict).
      for (let ib = 0; ib < keys.b.length; ib++) {
        const k = keys.b[ib] ?? '';
        const io = keys.o.indexOf(k);
        const it = keys.t.indexOf(k);
        if (io < 0 && it >= 0 && texts.t[it] !== texts.b[ib]) return null;
        if (it < 0 && io >= 0 && texts.o[io] !== texts.b[ib]) return null;
      }
      // Both sides deleted it, or one deleted and the other kept it unchanged: not in the result.
      slots = slots.filter((s) => !(s.b !== undefined && (s.o === undefined || s.t === undefined)));
    } else {
      slots = orderedMerge(keys, texts, (side, bi, si) => texts[side][si] !== texts.b[bi]);
    }
    if (!slots) return null;
    const merged: Array<{ slot: Slot; element: ListElement }> = [];
    for (const s of slots) {
      const element = this.element(rule, s, views);
      if (!element) return null;
      merged.push({ slot: s, element });
    }
    return this.renderList(rule, merged, views);
  }

  private element(rule: ListRule, s: Slot, views: Record<V, ListView>): ListElement | null {
    const eb = s.b !== undefined ? views.b.elements[s.b] : undefined;
    const eo = s.o !== undefined ? views.o.elements[s.o] : undefined;
    const et = s.t !== undefined ? views.t.elements[s.t] : undefined;
    if (!eb) {
      if (eo && et) return elementText(eo, rule) === elementText(et, rule) ? eo : null;
      return eo ?? et ?? null;
    }
    if (!eo || !et) return null;
    const lead = pick3(eb.lead, eo.lead, et.lead);
    const trailer = pick3(eb.trailer, eo.trailer, et.trailer);
    const sep = rule.style === 'terminator' ? pick3(eb.sep.trim(), eo.sep.trim(), et.sep.trim()) : eo.sep;
    if (lead === null || trailer === null || sep === null) return null;
    let core: string | null;
    const [nb, no, nt] = [eb.nodes[0], eo.nodes[0], et.nodes[0]];
    // Both sides changed this element: only changes inside nested lists combine (strict).
    // A core holding more than its node (a comment before the separator) merges as text.
    const single = [eb, eo, et].every((e) => e.nodes.length === 1 && e.nodes[0]?.text === e.core);
    if (single && nb && no && nt) core = this.node(nb, no, nt, true);
    else core = pick3(eb.core, eo.core, et.core);
    if (core === null) return null;
    const trailerPad = trailer === eo.trailer ? eo.trailerPad : et.trailerPad || eo.trailerPad || ' ';
    const sepText = rule.style === 'terminator' ? (sep === eo.sep.trim() ? eo.sep : sep === et.sep.trim() ? et.sep : sep) : eo.sep;
    return { ...eo, lead, core, trailer, trailerPad, sep: sepText };
  }

  /** The side whose layout the merged list keeps: ours, unless only theirs changed the layout or ours is empty. */
  private primary(views: Record<V, ListView>): V | null {
    const layout = (v: ListView): string =>
      [v.prefix, v.suffix, v.empty, ...v.elements.map((e) => e.after), v.elements[v.elements.length - 1]?.sep ?? ''].join('\u0000');
    // Both re-laid the list out differently: neither layout is the merge's to pick.
    const [lb, lo, lt] = [layout(views.b), layout(views.o), layout(views.t)];
    if (lo !== lb && lt !== lb && lo !== lt && views.o.elements.length > 0 && views.t.elements.length > 0 && views.b.elements.length > 0) return null;
    if (views.o.elements.length === 0 && views.t.elements.length > 0) return 't';
    if (layout(views.o) === layout(views.b) && layout(views.t) !== layout(views.b) && views.t.elements.length > 0) return 't';
    return 'o';
  }

  private renderList(rule: ListRule, merged: Array<{ slot: Slot; element: ListElement }>, views: Record<V, ListView>): string | null {
    const p = this.primary(views);
    if (p === null) return null;
    const P = views[p];
    const prefix = this.frame(views.b.prefix, views.o.prefix, views.t.prefix, P.prefix);
    const suffix = this.frame(views.b.suffix, views.o.suffix, views.t.suffix, P.suffix);
    if (prefix === null || suffix === null) return null;
    if (merged.length === 0) return `${prefix}${P.elements.length === 0 ? P.empty : ''}${suffix}`;
    const lastOfP = P.elements[P.elements.length - 1];
    const sepUnit = this.separatorUnit(rule, views, p);
    const trailing = rule.style === 'separator' && lastOfP !== undefined && lastOfP.sep !== '';
    let out = prefix;
    for (let i = 0; i < merged.length; i++) {
      const cur = merged[i];
      if (!cur) continue;
      const next = merged[i + 1];
      const e = cur.element;
      out += e.lead + e.core;
      if (rule.style === 'separator') {
        if (next || trailing) out += sepUnit;
      } else {
        out += e.sep;
      }
      if (e.trailer !== '') out += (e.trailerPad || ' ') + e.trailer;
      const space = next ? this.between(cur.slot, next.slot, views, p) : (lastOfP?.after ?? '');
      if (e.trailer !== '' && this.profile.isLineComment(e.trailer) && !e.trailer.endsWith('\n') && !space.includes('\n') && (next || !suffix.startsWith('\n'))) return null;
      out += space;
    }
    return out + suffix;
  }

  private frame(b: string, o: string, t: string, primary: string): string | null {
    const r = pick3(b, o, t);
    if (r !== null) return r;
    // Only whitespace differs: the primary layout's.
    return normaliseWhitespace(o) === normaliseWhitespace(t) && normaliseWhitespace(o) === normaliseWhitespace(b) ? primary : null;
  }

  private separatorUnit(rule: ListRule, views: Record<V, ListView>, p: V): string {
    for (const v of [p, 'o', 't', 'b'] as const) {
      const withSep = views[v].elements.find((e) => e.sep !== '');
      if (withSep) return withSep.sep;
    }
    const token = rule.separators[0] ?? ',';
    return token === ',' ? ',' : ` ${token}`;
  }

  /** Whitespace between two merged elements. */
  private between(x: Slot, y: Slot, views: Record<V, ListView>, p: V): string {
    for (const v of [p, 'o', 't', 'b'] as const) {
      const i = x[v];
      const j = y[v];
      if (i !== undefined && j !== undefined && j === i + 1) return views[v].elements[i]?.after ?? ' ';
    }
    // A new adjacency: the spacing the primary side uses after a non-last element.
    for (const v of [p, 'o', 't', 'b'] as const) {
      const list = views[v].elements;
      const i = x[v];
      if (i !== undefined && i < list.length - 1) return list[i]?.after ?? ' ';
      if (list.length > 1) return list[0]?.after ?? ' ';
    }
    const prefix = views[p].prefix;
    const nl = prefix.lastIndexOf('\n');
    return nl >= 0 && prefix.slice(nl).trim() === '' ? prefix.slice(nl) : ' ';
  }
}
