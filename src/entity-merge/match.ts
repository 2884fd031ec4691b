/**
 * Stage 4: pair the entities of one scope across base/ours/theirs by key (`family:name#ordinal`). Identity only:
 * an equal key is the same entity whatever its body. Renames are not inferred; a rename is a delete plus an add,
 * which conflicts with an edit of the old name (delete/modify) and is clean otherwise.
 */
import type { Entity } from '../analysis/types.js';

export interface Triple {
  key: string;
  base?: Entity;
  ours?: Entity;
  theirs?: Entity;
}

export class AmbiguousScopeError extends Error {}

/** Same-name siblings beyond this count make ordinals meaningless (weave bails at 5 as well). */
const MAX_SAME_NAME = 4;

function sameNameCounts(entities: readonly Entity[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entities) {
    const id = `${e.family}:${e.name}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Ordinals pair the n-th `impl Foo` of base with the n-th of each side; that is only sound when every version has
 * the same number of them.
 */
function checkDuplicates(base: readonly Entity[], ours: readonly Entity[], theirs: readonly Entity[]): void {
  const counts = [sameNameCounts(base), sameNameCounts(ours), sameNameCounts(theirs)];
  const ids = new Set(counts.flatMap((c) => [...c.keys()]));
  for (const id of ids) {
    const n = counts.map((c) => c.get(id) ?? 0);
    const max = Math.max(...n);
    if (max <= 1) continue;
    if (max > MAX_SAME_NAME) throw new AmbiguousScopeError(`${max} definitions named ${id}`);
    const present = n.filter((x) => x > 0);
    if (present.some((x) => x !== present[0])) throw new AmbiguousScopeError(`the number of definitions named ${id} differs between versions`);
  }
}

export function matchScope(base: readonly Entity[], ours: readonly Entity[], theirs: readonly Entity[]): Triple[] {
  checkDuplicates(base, ours, theirs);
  const triples = new Map<string, Triple>();
  const add = (side: 'base' | 'ours' | 'theirs', e: Entity): void => {
    let t = triples.get(e.key);
    if (!t) {
      t = { key: e.key };
      triples.set(e.key, t);
    }
    if (t[side]) throw new Error(`invariant: key ${e.key} appears twice in ${side}`);
    t[side] = e;
  };
  for (const e of ours) add('ours', e);
  for (const e of theirs) add('theirs', e);
  for (const e of base) add('base', e);
  const result = [...triples.values()];
  // Invariant (weave v2): every extracted entity lands in exactly one triple.
  const placed = result.reduce((n, t) => n + (t.base ? 1 : 0) + (t.ours ? 1 : 0) + (t.theirs ? 1 : 0), 0);
  if (placed !== base.length + ours.length + theirs.length) throw new Error('invariant: entity lost or duplicated while matching');
  return result;
}
