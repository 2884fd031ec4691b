/**
 * What one branch did to the entities of one file, relative to base (imports excluded), for the reference rule: a
 * single side's changes, which the three-way merge analysis does not describe (it decides per pair of sides).
 */
import { flattenEntities } from '../analysis/extract.js';
import type { Entity, ExtractResult } from '../analysis/types.js';

export type ChangeStatus = 'added' | 'modified' | 'deleted';

export interface EntityChange {
  key: string;
  status: ChangeStatus;
  base: Entity | null;
  side: Entity | null;
}

/**
 * The container's own text: its text with the members cut out. A container counts as modified only when this
 * changes (its header, braces, gaps between members); member edits are the members' changes, which the entity
 * merge combines when they touch different members.
 */
export function ownText(e: Entity): string {
  if (!e.container || e.children.length === 0) return e.text;
  let out = '';
  let at = e.startByte;
  for (const child of e.children) {
    out += e.text.slice(at - e.startByte, child.startByte - e.startByte);
    out += '\u0000';
    at = child.endByte;
  }
  return out + e.text.slice(at - e.startByte);
}

export function keyedEntities(result: ExtractResult | null): Map<string, Entity> {
  const out = new Map<string, Entity>();
  if (!result) return out;
  for (const e of flattenEntities(result.entities)) if (e.family !== 'import') out.set(e.key, e);
  return out;
}

export function sameContent(a: Entity, b: Entity): boolean {
  // Container shape changes (leaf ↔ container) fall back to comparing the whole text.
  if (a.container !== b.container) return a.text === b.text;
  return ownText(a) === ownText(b);
}

export function entityChanges(base: ExtractResult | null, side: ExtractResult | null): Map<string, EntityChange> {
  const before = keyedEntities(base);
  const after = keyedEntities(side);
  const out = new Map<string, EntityChange>();
  for (const [key, b] of before) {
    const s = after.get(key);
    if (!s) out.set(key, { key, status: 'deleted', base: b, side: null });
    else if (!sameContent(b, s)) out.set(key, { key, status: 'modified', base: b, side: s });
  }
  for (const [key, s] of after) if (!before.has(key)) out.set(key, { key, status: 'added', base: null, side: s });
  return out;
}
