/**
 * Did a branch's edit of an entity change something another branch's new code could depend on? The reference
 * rule asks this of every entity a branch modified; "no" means the other branch's new uses are safe.
 */
import type { Entity } from '../analysis/types.js';
import { ownText } from './entity-changes.js';

/**
 * Container kinds whose member list is part of what users depend on: a new interface/struct field breaks object
 * and struct literals, a new trait method breaks implementations. Adding a method to a class or impl breaks nobody.
 */
const SHAPE_KINDS = new Set(['interface', 'struct', 'trait', 'enum']);

function normalised(text: string): string {
  return text.replace(/\u0000/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Formatting-only edits change nothing (same whitespace-normalised hash). For containers, member edits are the
 * members' own changes; the container itself counts when its header or other own text changes, or when a shape
 * kind gains or loses members.
 *
 * A function or method whose signature is unchanged keeps its interface: new callers still compile and call it
 * the same way. Its behaviour may still have changed, and no parse can tell a refactor from a change of meaning;
 * the evidence used is the branch's own existing callers and tests (`usesRewritten`: it rewrote or removed code
 * that uses the entity). A branch whose old uses all still stand as they were has kept every promise its own
 * code relies on, so new uses written against the base version are no different from those.
 */
export function contractChanged(base: Entity, side: Entity, usesRewritten: () => boolean): boolean {
  if (base.container && side.container) {
    if (normalised(ownText(base)) !== normalised(ownText(side))) return true;
    if (!SHAPE_KINDS.has(base.kind)) return false;
    const keys = (e: Entity): string => e.children.map((c) => c.key).sort().join('\n');
    return keys(base) !== keys(side);
  }
  if (base.hash === side.hash) return false;
  // Only callables carry a signature; a null one (no separable body, or a body that decides the type) is all interface.
  const before = base.signature ?? null;
  if (before === null || before !== side.signature) return true;
  return usesRewritten();
}
