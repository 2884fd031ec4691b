/**
 * A conflict region of the layout diff3 that consists only of entity placeholders and blank lines is an
 * interleaving of additions/removals, which is merged as a set: ours' sequence, minus what theirs removed, plus
 * what theirs added after its nearest surviving predecessor (ours' additions first at a shared anchor).
 * Ordered entities (field initialisers, side-effect imports, ...) added by both sides at one anchor stay a conflict,
 * as does any region holding other text (statements, standalone comments) or a reordering.
 *
 * Blank lines are not owned by entities: a region is `lead, e1, sep, e2, …, en, trail`. The merged region takes
 * lead and trail as a line merge would (ours unless ours kept base's), and each separator from the input in which
 * the two entities were neighbours, or, for a new pair, from the side the entities came from (separators.ts). diff3
 * aligns blank lines with each other freely, so owning blank lines by entity lost or doubled them.
 */
import { isBlankLine } from './lines.js';
import { parsePlaceholder } from './layout.js';
import { separatorFor } from './separators.js';
import type { SeparatorIndex } from './separators.js';

interface Entry {
  token: string;
  key: string;
  flagged: boolean;
}

interface Parsed {
  entries: Entry[];
  lead: string[];
  trail: string[];
  /** `prev\0next` → blank lines between two consecutive entries of this region. */
  between: Map<string, string[]>;
}

const pairKey = (prev: string, next: string): string => `${prev}\u0000${next}`;

function parse(tokens: readonly string[]): Parsed | null {
  const entries: Entry[] = [];
  const between = new Map<string, string[]>();
  let lead: string[] = [];
  let pending: string[] = [];
  for (const token of tokens) {
    const ph = parsePlaceholder(token);
    if (ph) {
      const prev = entries[entries.length - 1];
      if (prev) between.set(pairKey(prev.key, ph.key), pending);
      else lead = pending;
      entries.push({ token, key: ph.key, flagged: ph.flagged });
      pending = [];
    } else if (isBlankLine(token)) {
      pending.push(token);
    } else {
      return null;
    }
  }
  if (entries.length === 0) return { entries, lead: pending, trail: [], between };
  return { entries, lead, trail: pending, between };
}

function equal(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Line-merge choice for one piece of text: ours, unless ours left base's unchanged. */
function pick(ours: string[] | undefined, base: string[] | undefined, theirs: string[] | undefined): string[] | undefined {
  if (ours === undefined) return theirs ?? base;
  if (theirs === undefined) return ours;
  return base !== undefined && equal(ours, base) ? theirs : ours;
}

/** Shared keys appear in the same relative order in both lists. */
function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const inB = new Set(b);
  const inA = new Set(a);
  const x = a.filter((k) => inB.has(k));
  const y = b.filter((k) => inA.has(k));
  return x.every((k, i) => k === y[i]);
}

/** The entries of the merged region, in order, or null when this is not a set merge. */
function mergeEntries(a: Parsed, o: Parsed, b: Parsed, isOrdered: (key: string) => boolean): Entry[] | null {
  const keysA = a.entries.map((e) => e.key);
  const keysO = o.entries.map((e) => e.key);
  const keysB = b.entries.map((e) => e.key);
  for (const keys of [keysA, keysO, keysB]) if (new Set(keys).size !== keys.length) return null;
  if (!sameOrder(keysA, keysO) || !sameOrder(keysB, keysO)) return null;
  const inA = new Set(keysA);
  const inO = new Set(keysO);
  const inB = new Set(keysB);
  const addedByOurs = new Set(keysA.filter((k) => !inO.has(k)));

  // Ours' entries, minus the ones theirs deleted (unless ours modified them: that is a delete/modify conflict).
  const result: Entry[] = a.entries.filter((e) => !(inO.has(e.key) && !inB.has(e.key) && !e.flagged));
  for (let i = 0; i < b.entries.length; i++) {
    const e = b.entries[i];
    if (!e || inA.has(e.key)) continue;
    // Deleted by ours: keep only if theirs modified it (flagged), so the delete/modify conflict has a place.
    if (inO.has(e.key) && !e.flagged) continue;
    let pos = 0;
    for (let j = i - 1; j >= 0; j--) {
      const predKey = b.entries[j]?.key;
      const idx = result.findIndex((r) => r.key === predKey);
      if (idx >= 0) {
        pos = idx + 1;
        break;
      }
    }
    while (pos < result.length && addedByOurs.has(result[pos]?.key ?? '')) {
      if (isOrdered(result[pos]?.key ?? '') || isOrdered(e.key)) return null;
      pos++;
    }
    result.splice(pos, 0, e);
  }
  return result;
}

export function mergeRegion(
  ours: readonly string[],
  base: readonly string[],
  theirs: readonly string[],
  isOrdered: (key: string) => boolean,
  separators?: SeparatorIndex,
): string[] | null {
  const a = parse(ours);
  const o = parse(base);
  const b = parse(theirs);
  if (!a || !o || !b) return null;
  const entries = mergeEntries(a, o, b, isOrdered);
  if (!entries) return null;
  // The blank lines of a side with no entity here separate the entities around the region; those of a side with
  // entities separate the region's first/last entity from them. Edges are taken from sides of the same sort.
  const filled = [a, o, b].map((p) => (p.entries.length > 0 ? p : undefined));
  const [fa, fo, fb] = filled;
  if (entries.length === 0) {
    // Everything here was deleted: one separator remains between the entities around the region. A side with
    // entities kept it on the outside of whichever edge is shorter (blank lines after each entity: the lead).
    const rest = (p: Parsed): string[] => (p.trail.length < p.lead.length ? p.trail : p.lead);
    return pick(rest(a), rest(o), rest(b)) ?? [];
  }

  const out: string[] = [...(pick(fa?.lead, fo?.lead, fb?.lead) ?? [])];
  entries.forEach((entry, i) => {
    const prev = entries[i - 1];
    if (prev) {
      const pair = pairKey(prev.key, entry.key);
      const sep = pick(a.between.get(pair), o.between.get(pair), b.between.get(pair)) ?? (separators ? separatorFor(separators, prev.key, entry.key) : null) ?? [];
      out.push(...sep);
    }
    out.push(entry.token);
  });
  out.push(...(pick(fa?.trail, fo?.trail, fb?.trail) ?? []));
  return out;
}
