/**
 * Blank-line separators between sibling entities. When a set merge (regions.ts) makes two entities neighbours that
 * were neighbours in no input (each side inserted a method before the same anchor, or one side's addition meets the
 * other side's), nothing in the region holds the blank line that separated each of them from its old neighbour:
 * it stayed outside the region, once. This index remembers, per side, the blank lines around each entity so the new
 * adjacency gets the separator its side used: a new item brings its own preceding separator, so the merged layout
 * is one some input had rather than one the merge invented.
 */
import { isBlankLine } from './lines.js';
import { parsePlaceholder } from './layout.js';

export interface SeparatorIndex {
  /**
   * `prev\0next` → the blank lines between them, for entity pairs separated only by blank lines in some input
   * (an empty separator in any input wins: that input packs them).
   */
  adjacent: Map<string, string[]>;
  /** Blank lines between an entity and the entity before it (first side that has the entity wins). */
  before: Map<string, string[]>;
  /** Blank lines between an entity and the entity after it. */
  after: Map<string, string[]>;
}

const pairKey = (prev: string, next: string): string => `${prev}\u0000${next}`;

/** Index the skeletons in priority order (ours, theirs, base). */
export function indexSeparators(skeletons: readonly (readonly string[])[]): SeparatorIndex {
  const index: SeparatorIndex = { adjacent: new Map(), before: new Map(), after: new Map() };
  for (const tokens of skeletons) {
    let prevKey: string | null = null;
    let blanks: string[] = [];
    for (const token of tokens) {
      const ph = parsePlaceholder(token);
      if (ph) {
        if (prevKey !== null) {
          const pair = pairKey(prevKey, ph.key);
          const known = index.adjacent.get(pair);
          if (!known || blanks.length === 0) index.adjacent.set(pair, blanks);
          if (!index.after.has(prevKey)) index.after.set(prevKey, blanks);
          if (!index.before.has(ph.key)) index.before.set(ph.key, blanks);
        }
        prevKey = ph.key;
        blanks = [];
      } else if (isBlankLine(token)) {
        blanks.push(token);
      } else {
        // Other text (a comment, a statement) breaks the chain: it is not a separator between entities.
        prevKey = null;
        blanks = [];
      }
    }
  }
  return index;
}

/**
 * Separator to put between two entities that ended up adjacent with nothing between them, or null for none. A pair
 * that was adjacent in an input keeps that input's separator: nothing for packed members (Rust struct fields), the
 * blank line otherwise (the layout diff3 may have aligned that blank line with another one, leaving it elsewhere).
 */
export function separatorFor(index: SeparatorIndex, prev: string, next: string): string[] | null {
  const known = index.adjacent.get(pairKey(prev, next));
  if (known) return known.length > 0 ? known : null;
  // The blank lines that preceded `next` on its side are its own separator, even when there were none (imports
  // packed one per line). An entity that had no entity before it borrows the separator around `prev` or itself.
  const before = index.before.get(next);
  if (before) return before.length > 0 ? before : null;
  // Neither touched an entity on that side: take the style around either of them.
  for (const sep of [index.after.get(prev), index.after.get(next), index.before.get(prev)]) {
    if (sep) return sep.length > 0 ? sep : null;
  }
  return null;
}
