/**
 * Width of a DAG = size of its largest antichain (set of pairwise unordered
 * stories) = the most stories that could ever run at the same time.
 *
 * Dilworth/Fulkerson: width = n − (maximum matching in the bipartite graph
 * u→v for every pair u < v in the transitive closure). n ≤ 500 keeps the
 * closure at 500×500 bits and Kuhn's augmenting paths well under 50 ms.
 *
 * `order` must be a topological order of nodes 0..n-1 over `adjacency`.
 */
export function maxAntichainSize(adjacency: readonly (readonly number[])[], order: readonly number[]): number {
  const n = adjacency.length;
  if (n === 0) return 0;
  const closure = transitiveClosure(adjacency, order);
  const matchOfRight = new Int32Array(n).fill(-1);
  let matching = 0;
  for (let u = 0; u < n; u++) {
    const visited = new Uint8Array(n);
    if (augment(u, closure, matchOfRight, visited)) matching++;
  }
  return n - matching;
}

/** reach[v] = strict descendants of v, as lists (closure rows are sparse enough). */
export function transitiveClosure(adjacency: readonly (readonly number[])[], order: readonly number[]): number[][] {
  const n = adjacency.length;
  const words = Math.ceil(n / 32);
  const bits = Array.from({ length: n }, () => new Uint32Array(words));
  // Walk in reverse topological order so successors' rows are complete.
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k] as number;
    const row = bits[v] as Uint32Array;
    for (const w of adjacency[v] ?? []) {
      row[w >>> 5] = (row[w >>> 5] as number) | (1 << (w & 31));
      const other = bits[w] as Uint32Array;
      for (let i = 0; i < words; i++) row[i] = (row[i] as number) | (other[i] as number);
    }
  }
  return bits.map((row) => {
    const list: number[] = [];
    for (let i = 0; i < words; i++) {
      let word = row[i] as number;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        list.push(i * 32 + bit);
        word &= word - 1;
      }
    }
    return list;
  });
}

function augment(u: number, closure: readonly (readonly number[])[], matchOfRight: Int32Array, visited: Uint8Array): boolean {
  // Iterative DFS for augmenting paths (recursion depth could reach n).
  interface Frame { u: number; i: number }
  const path: Frame[] = [{ u, i: 0 }];
  const via: number[] = [];
  while (path.length > 0) {
    const frame = path[path.length - 1] as Frame;
    const targets = closure[frame.u] ?? [];
    if (frame.i >= targets.length) {
      path.pop();
      via.pop();
      continue;
    }
    const v = targets[frame.i++] as number;
    if (visited[v]) continue;
    visited[v] = 1;
    const owner = matchOfRight[v] as number;
    if (owner === -1) {
      // Flip the path: each frame's left node takes the right node it went through.
      via.push(v);
      for (let k = 0; k < path.length; k++) matchOfRight[via[k] as number] = (path[k] as Frame).u;
      return true;
    }
    via.push(v);
    path.push({ u: owner, i: 0 });
  }
  return false;
}
