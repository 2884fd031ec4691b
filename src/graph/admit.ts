import type { DroppedEdge, Edge } from './types.js';

/** Result of admitting inferred edges on top of the explicit ones. */
export interface Admission {
  accepted: Edge[];
  dropped: DroppedEdge[];
}

/**
 * Add inferred edges one at a time, in the given order (callers pass the
 * strongest evidence first), never letting one override the author:
 * - explicit edges already order the pair the same way → dropped as redundant;
 * - explicit edges order it the other way → dropped, never reversed;
 * - it would close a cycle with the edges accepted so far → dropped.
 * Duplicate candidates for an already-accepted pair are merged silently.
 *
 * `successors` holds the explicit edges by node index and is not modified.
 */
export function admitInferred(
  ids: readonly string[],
  successors: readonly (readonly number[])[],
  candidates: readonly Edge[],
): Admission {
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const explicit = successors;
  const current: number[][] = successors.map((list) => [...list]);
  const acceptedPairs = new Set<string>();
  const accepted: Edge[] = [];
  const dropped: DroppedEdge[] = [];

  for (const edge of candidates) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined) {
      throw new RangeError(`inferred edge ${edge.from} → ${edge.to} names an unknown story`);
    }
    if (from === to) continue;
    const pair = from < to ? `${from}:${to}` : `${to}:${from}`;
    if (acceptedPairs.has(pair)) continue;

    const forward = findPath(explicit, from, to);
    if (forward !== null) {
      dropped.push({ edge, kind: 'redundant', why: `explicit dependsOn already orders ${chain(ids, forward)}` });
      continue;
    }
    const backward = findPath(explicit, to, from);
    if (backward !== null) {
      dropped.push({
        edge,
        kind: 'reverses-explicit',
        why: `would reverse the explicit order ${chain(ids, backward)}`,
      });
      continue;
    }
    const closing = findPath(current, to, from);
    if (closing !== null) {
      dropped.push({
        edge,
        kind: 'closes-cycle',
        why: `would close the cycle ${chain(ids, [from, ...closing])}`,
      });
      continue;
    }
    (current[from] as number[]).push(to);
    acceptedPairs.add(pair);
    accepted.push(edge);
  }
  return { accepted, dropped };
}

/** Shortest path from → to (node indices, both ends included), or null. */
export function findPath(adjacency: readonly (readonly number[])[], from: number, to: number): number[] | null {
  const parent = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    for (const w of adjacency[v] ?? []) {
      if (parent.has(w)) continue;
      parent.set(w, v);
      if (w === to) {
        const path = [w];
        let u = v;
        while (u !== -1) {
          path.push(u);
          u = parent.get(u) as number;
        }
        return path.reverse();
      }
      queue.push(w);
    }
  }
  return null;
}

function chain(ids: readonly string[], path: readonly number[]): string {
  return path.map((i) => ids[i] ?? `#${i}`).join(' → ');
}
