/**
 * Identity of anonymous items (Rust `const _: () = { ... }`, as derive macros and code generators emit). Their key
 * is a hash of their content, so an edited block gets a new key and looked, to matching, like one block deleted and
 * another added: two sides regenerating one block emitted it twice (a duplicate trait impl that does not compile).
 *
 * Within one scope, per side: the anonymous items that side added (content unknown to base) are paired with the ones
 * it removed only when that pairing is unique (one removed, one added: an edit of that item, re-keyed to base's key).
 * Additions on both sides (one each) share a key, so they are one item "added by both" (identical → once,
 * different → a conflict). Any other mix cannot be paired without guessing: the scope is refused as ambiguous.
 */
import type { Entity } from '../analysis/types.js';
import { AmbiguousScopeError } from './match.js';

const ADDED_KEY_SUFFIX = '/anonymous-added';

function rekey(e: Entity, key: string): Entity {
  return { ...e, key };
}

export function pairAnonymous(base: readonly Entity[], ours: readonly Entity[], theirs: readonly Entity[]): [Entity[], Entity[], Entity[]] {
  const anonBase = base.filter((e) => e.anonymous);
  if (anonBase.length === 0 && !ours.some((e) => e.anonymous) && !theirs.some((e) => e.anonymous)) return [[...base], [...ours], [...theirs]];
  const baseKeys = new Set(anonBase.map((e) => e.key));
  const added: Record<'ours' | 'theirs', Entity[]> = { ours: [], theirs: [] };
  const remap: Record<'ours' | 'theirs', Map<string, string>> = { ours: new Map(), theirs: new Map() };
  for (const [side, list] of [
    ['ours', ours],
    ['theirs', theirs],
  ] as const) {
    const anon = list.filter((e) => e.anonymous);
    const keys = new Set(anon.map((e) => e.key));
    const newOnes = anon.filter((e) => !baseKeys.has(e.key));
    const removed = anonBase.filter((e) => !keys.has(e.key));
    if (newOnes.length === 1 && removed.length === 1) {
      const [n] = newOnes;
      const [r] = removed;
      if (n && r) remap[side].set(n.key, r.key);
    } else if (newOnes.length > 0 && removed.length > 0) {
      throw new AmbiguousScopeError(`anonymous items (${anon[0]?.qualifiedName ?? '_'}) both removed and added in ${side}: cannot tell which is which`);
    } else {
      added[side] = newOnes;
    }
  }
  if (added.ours.length > 0 && added.theirs.length > 0) {
    const oursKeys = new Set(added.ours.map((e) => e.key));
    const shared = added.theirs.filter((e) => oursKeys.has(e.key));
    const onlyOurs = added.ours.filter((e) => !shared.some((s) => s.key === e.key));
    const onlyTheirs = added.theirs.filter((e) => !oursKeys.has(e.key));
    if (onlyOurs.length === 1 && onlyTheirs.length === 1) {
      const [o] = onlyOurs;
      const [t] = onlyTheirs;
      if (o && t) {
        const key = `${o.parentKey ? `${o.parentKey}` : ''}${ADDED_KEY_SUFFIX}`;
        remap.ours.set(o.key, key);
        remap.theirs.set(t.key, key);
      }
    } else if (onlyOurs.length > 0 && onlyTheirs.length > 0) {
      throw new AmbiguousScopeError('both sides added different anonymous items');
    }
  }
  const apply = (list: readonly Entity[], map: Map<string, string>): Entity[] => list.map((e) => (map.has(e.key) ? rekey(e, map.get(e.key) ?? e.key) : e));
  return [[...base], apply(ours, remap.ours), apply(theirs, remap.theirs)];
}
