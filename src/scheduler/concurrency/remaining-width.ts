import type { DependencyGraph } from '../../graph/dependency-graph.js';
import { maxAntichainSize } from '../../graph/antichain.js';

export interface RunProgress {
  /** Stories merged during this run. */
  done: ReadonlySet<string>;
  /** Stories that failed or ended conflicted; their dependents can never start. */
  failed: ReadonlySet<string>;
}

/**
 * The most stories that could still run at once: the width of what is left.
 * `graph.width()` only knows prd.json's `passes`, not this run's progress,
 * so the runner uses this after every merge or failure. Left = not passing,
 * not done, not failed, and not waiting (directly or through other waiting
 * stories) on a failure. Running and queued stories count: they hold or want
 * a slot.
 *
 * Same rule as `readyStories`: a passing or done story satisfies its
 * dependents, so orderings through it no longer constrain anything.
 */
export function remainingWidth(graph: Pick<DependencyGraph, 'stories' | 'edges'>, progress: RunProgress): number {
  const ids = graph.stories.map((s) => s.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const satisfied = graph.stories.map((s) => s.passes || progress.done.has(s.id));
  const succ: number[][] = ids.map(() => []);
  for (const edge of graph.edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined && to !== undefined) (succ[from] as number[]).push(to);
  }

  const blocked = new Set<number>();
  const work = [...progress.failed].flatMap((id) => {
    const i = index.get(id);
    return i === undefined ? [] : [i];
  });
  while (work.length > 0) {
    const v = work.pop() as number;
    if (blocked.has(v) || satisfied[v]) continue;
    blocked.add(v);
    work.push(...(succ[v] ?? []));
  }

  const left = ids.flatMap((_, i) => (satisfied[i] || blocked.has(i) ? [] : [i]));
  const local = new Map(left.map((i, k) => [i, k]));
  const adjacency = left.map((i) => (succ[i] ?? []).filter((w) => local.has(w)).map((w) => local.get(w) as number));
  return maxAntichainSize(adjacency, topologicalOrder(adjacency));
}

function topologicalOrder(succ: readonly (readonly number[])[]): number[] {
  const indegree = succ.map(() => 0);
  for (const list of succ) for (const w of list) indegree[w] = (indegree[w] as number) + 1;
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    const v = ready.pop() as number;
    order.push(v);
    for (const w of succ[v] ?? []) {
      indegree[w] = (indegree[w] as number) - 1;
      if (indegree[w] === 0) ready.push(w);
    }
  }
  // The runner only gets validated graphs; a cycle here is a bug, not input.
  if (order.length !== succ.length) throw new Error('remainingWidth: dependency graph has a cycle');
  return order;
}
