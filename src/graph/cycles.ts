/**
 * Every elementary cycle of a directed graph (Johnson, 1975). toposort only
 * names one node of a cycle; the user needs each whole cycle to fix prd.json.
 *
 * Nodes are 0..n-1; `adjacency[v]` lists successors (without duplicates).
 * Each cycle follows the edges and is returned
 * starting at its smallest node index with that node repeated at the end.
 * Enumeration stops after `limit` cycles (the count can be exponential).
 */
export function elementaryCycles(adjacency: readonly (readonly number[])[], limit = 1000): number[][] {
  const n = adjacency.length;
  const cycles: number[][] = [];
  const blocked = new Array<boolean>(n).fill(false);
  const blockMap: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const stack: number[] = [];

  const unblock = (u: number): void => {
    // Iterative to stay safe on long chains.
    const work = [u];
    while (work.length > 0) {
      const w = work.pop() as number;
      if (!blocked[w]) continue;
      blocked[w] = false;
      const waiting = blockMap[w] as Set<number>;
      for (const x of waiting) work.push(x);
      waiting.clear();
    }
  };

  for (let start = 0; start < n && cycles.length < limit; start++) {
    const component = componentOf(adjacency, start);
    if (component === null) continue;
    for (const v of component) {
      blocked[v] = false;
      (blockMap[v] as Set<number>).clear();
    }
    const successors = (v: number): number[] => (adjacency[v] ?? []).filter((w) => component.has(w));

    // Explicit-stack version of Johnson's CIRCUIT procedure.
    interface Frame { v: number; next: number[]; foundCycle: boolean }
    const frames: Frame[] = [{ v: start, next: successors(start), foundCycle: false }];
    stack.push(start);
    blocked[start] = true;
    while (frames.length > 0 && cycles.length < limit) {
      const frame = frames[frames.length - 1] as Frame;
      const w = frame.next.shift();
      if (w !== undefined) {
        if (w === start) {
          cycles.push([...stack, start]);
          frame.foundCycle = true;
        } else if (!blocked[w]) {
          frames.push({ v: w, next: successors(w), foundCycle: false });
          stack.push(w);
          blocked[w] = true;
        }
        continue;
      }
      frames.pop();
      stack.pop();
      if (frame.foundCycle) {
        unblock(frame.v);
      } else {
        for (const x of successors(frame.v)) (blockMap[x] as Set<number>).add(frame.v);
      }
      const parent = frames[frames.length - 1];
      if (parent !== undefined && frame.foundCycle) parent.foundCycle = true;
    }
    stack.length = 0;
  }
  return cycles;
}

/**
 * The strongly connected component of `start` in the subgraph induced by
 * nodes >= start, or null when it holds no cycle through `start`.
 */
function componentOf(adjacency: readonly (readonly number[])[], start: number): Set<number> | null {
  // Nodes reachable from start and nodes that reach start, both within >= start.
  const forward = reach(adjacency, start, start);
  const reverse: number[][] = adjacency.map(() => []);
  adjacency.forEach((succ, v) => {
    if (v < start) return;
    for (const w of succ) if (w >= start) (reverse[w] as number[]).push(v);
  });
  const backward = reach(reverse, start, start);
  const component = new Set<number>();
  for (const v of forward) if (backward.has(v)) component.add(v);
  const selfLoop = (adjacency[start] ?? []).includes(start);
  return component.size > 1 || selfLoop ? component : null;
}

function reach(adjacency: readonly (readonly number[])[], from: number, min: number): Set<number> {
  const seen = new Set<number>([from]);
  const work = [from];
  while (work.length > 0) {
    const v = work.pop() as number;
    for (const w of adjacency[v] ?? []) {
      if (w >= min && !seen.has(w)) {
        seen.add(w);
        work.push(w);
      }
    }
  }
  return seen;
}
