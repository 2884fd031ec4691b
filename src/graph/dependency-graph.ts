import toposort from 'toposort';
import type { UserStory } from '../prd/types.js';
import { InputError } from '../util/errors.js';
import { admitInferred } from './admit.js';
import { maxAntichainSize } from './antichain.js';
import { elementaryCycles } from './cycles.js';
import { compareStories } from './story-order.js';
import type { DroppedEdge, Edge } from './types.js';

/** Estimated duration of a story, any unit; used by criticalPath. */
export type DurationOf = (story: UserStory) => number;

/**
 * Stories plus dependency edges (explicit `dependsOn` and admitted inferred
 * edges). Immutable; every query is answered from the data given to
 * buildGraph. Stories with `passes: true` count as already satisfied.
 */
export class DependencyGraph {
  readonly stories: readonly UserStory[];
  /** Explicit edges first, then admitted inferred edges in admission order. */
  readonly edges: readonly Edge[];
  /** Inferred edges that were not admitted, with why. */
  readonly dropped: readonly DroppedEdge[];

  private readonly index: ReadonlyMap<string, number>;
  private readonly succ: readonly (readonly number[])[];
  private readonly pred: readonly (readonly number[])[];
  private readonly explicitSucc: readonly (readonly number[])[];
  private cyclesMemo: string[][] | null = null;

  /** Use buildGraph. */
  constructor(
    stories: readonly UserStory[],
    index: ReadonlyMap<string, number>,
    explicitSucc: readonly (readonly number[])[],
    edges: readonly Edge[],
    dropped: readonly DroppedEdge[],
  ) {
    this.stories = stories;
    this.index = index;
    this.explicitSucc = explicitSucc;
    this.edges = edges;
    this.dropped = dropped;
    const succ: number[][] = stories.map(() => []);
    const pred: number[][] = stories.map(() => []);
    for (const edge of edges) {
      const from = this.indexOf(edge.from);
      const to = this.indexOf(edge.to);
      (succ[from] as number[]).push(to);
      (pred[to] as number[]).push(from);
    }
    this.succ = succ;
    this.pred = pred;
  }

  story(id: string): UserStory {
    return this.stories[this.indexOf(id)] as UserStory;
  }

  /**
   * Every elementary cycle among explicit edges, each following the edges
   * (A → B: B dependsOn A), starting at the story earliest in prd.json, with
   * that story repeated at the end. Inferred edges never form cycles.
   */
  cycles(): string[][] {
    if (this.cyclesMemo === null) {
      this.cyclesMemo = elementaryCycles(this.explicitSucc).map((cycle) => cycle.map((i) => this.idAt(i)));
    }
    return this.cyclesMemo.map((cycle) => [...cycle]);
  }

  /** Throws InputError naming every cycle when the explicit edges are not a DAG. */
  validate(): void {
    try {
      // toposort is the cheap acyclicity check; cycles are only enumerated on failure.
      toposort.array(
        this.stories.map((s) => s.id),
        this.edges.map((e): [string, string] => [e.from, e.to]),
      );
      return;
    } catch (error) {
      const cycles = this.cycles();
      if (cycles.length === 0) throw error;
      const lines = cycles.map((cycle) => `  ${cycle.join(' → ')}`);
      throw new InputError(
        `dependsOn has ${cycles.length === 1 ? 'a cycle' : `${cycles.length} cycles`} (A → B means B dependsOn A):\n${lines.join('\n')}`,
      );
    }
  }

  /** A valid execution order; among ready stories, priority then id first. */
  topologicalOrder(): UserStory[] {
    return this.orderIndices().map((i) => this.stories[i] as UserStory);
  }

  /**
   * Stories that can start now: not done, not running, not already passing,
   * and every dependency done or passing. Sorted by priority, then id.
   */
  readyStories(done: ReadonlySet<string>, running: ReadonlySet<string>): UserStory[] {
    const satisfied = (i: number): boolean => {
      const s = this.stories[i] as UserStory;
      return s.passes || done.has(s.id);
    };
    return this.stories
      .filter((s, i) => !s.passes && !done.has(s.id) && !running.has(s.id) && this.pred[i]!.every(satisfied))
      .sort(compareStories);
  }

  /**
   * The batches an unlimited scheduler would run: wave k holds the stories
   * whose longest chain of pending dependencies has k stories. Passing
   * stories are excluded and satisfy their dependents.
   */
  waves(): string[][] {
    const level = this.pendingLevels();
    const waves: UserStory[][] = [];
    level.forEach((k, i) => {
      if (k < 0) return;
      while (waves.length <= k) waves.push([]);
      (waves[k] as UserStory[]).push(this.stories[i] as UserStory);
    });
    return waves.map((wave) => wave.sort(compareStories).map((s) => s.id));
  }

  /**
   * The longest chain of pending stories, dependency first: by story count,
   * or by total estimated duration when `durationOf` is given. Ties go to the
   * chain through higher-priority stories.
   */
  criticalPath(durationOf?: DurationOf): string[] {
    const order = this.orderIndices();
    const weight = (i: number): number => (durationOf ? durationOf(this.stories[i] as UserStory) : 1);
    const best = new Array<number>(this.stories.length).fill(-Infinity);
    const via = new Array<number>(this.stories.length).fill(-1);
    let end = -1;
    for (const v of order) {
      const story = this.stories[v] as UserStory;
      if (story.passes) continue;
      let chosen = -1;
      for (const p of this.pred[v]!) {
        const candidate = best[p] as number;
        if (candidate === -Infinity) continue; // a passing dependency is not on any pending chain
        const current = chosen === -1 ? -Infinity : (best[chosen] as number);
        if (candidate > current || (candidate === current && this.before(p, chosen))) chosen = p;
      }
      via[v] = chosen;
      const base = chosen === -1 ? 0 : (best[chosen] as number);
      best[v] = base + weight(v);
      if (end === -1 || (best[v] as number) > (best[end] as number) ||
        (best[v] === best[end] && this.before(v, end))) {
        end = v;
      }
    }
    const path: string[] = [];
    for (let v = end; v !== -1; v = via[v] as number) path.push(this.idAt(v));
    return path.reverse();
  }

  /**
   * The largest set of pending stories no two of which are ordered — the
   * most agents that could ever be busy at once. Computed exactly (maximum
   * antichain via Dilworth's theorem), so it can exceed the largest wave.
   */
  width(): number {
    this.validate();
    const pending: number[] = [];
    const local = new Map<number, number>();
    this.stories.forEach((s, i) => {
      if (!s.passes) {
        local.set(i, pending.length);
        pending.push(i);
      }
    });
    const adjacency = pending.map((i) =>
      this.succ[i]!.filter((w) => local.has(w)).map((w) => local.get(w) as number),
    );
    const order = this.orderIndices().filter((i) => local.has(i)).map((i) => local.get(i) as number);
    return maxAntichainSize(adjacency, order);
  }

  /** Direct dependencies of a story, by priority then id. */
  dependenciesOf(id: string): string[] {
    return this.sortedIds(this.pred[this.indexOf(id)]!);
  }

  /** Stories that depend on `id` directly, or transitively when asked. */
  dependentsOf(id: string, transitive = false): string[] {
    const start = this.indexOf(id);
    if (!transitive) return this.sortedIds(this.succ[start]!);
    const seen = new Set<number>();
    const work = [start];
    while (work.length > 0) {
      for (const w of this.succ[work.pop() as number]!) {
        if (w !== start && !seen.has(w)) {
          seen.add(w);
          work.push(w);
        }
      }
    }
    return this.sortedIds([...seen]);
  }

  private orderIndices(): number[] {
    this.validate();
    const remaining = this.pred.map((list) => list.length);
    const ready: number[] = [];
    remaining.forEach((count, i) => {
      if (count === 0) ready.push(i);
    });
    const order: number[] = [];
    while (ready.length > 0) {
      // n ≤ 500: a linear scan for the best ready story is cheaper than a heap's bookkeeping.
      let bestAt = 0;
      for (let k = 1; k < ready.length; k++) {
        if (this.before(ready[k] as number, ready[bestAt] as number)) bestAt = k;
      }
      const v = ready.splice(bestAt, 1)[0] as number;
      order.push(v);
      for (const w of this.succ[v]!) {
        remaining[w] = (remaining[w] as number) - 1;
        if (remaining[w] === 0) ready.push(w);
      }
    }
    return order;
  }

  /** Wave index of each pending story; -1 for passing stories. */
  private pendingLevels(): number[] {
    const level = new Array<number>(this.stories.length).fill(-1);
    for (const v of this.orderIndices()) {
      if ((this.stories[v] as UserStory).passes) continue;
      let k = 0;
      for (const p of this.pred[v]!) k = Math.max(k, (level[p] as number) + 1);
      level[v] = k;
    }
    return level;
  }

  private before(a: number, b: number): boolean {
    return compareStories(this.stories[a] as UserStory, this.stories[b] as UserStory) < 0;
  }

  private sortedIds(indices: readonly number[]): string[] {
    return [...new Set(indices)].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0)).map((i) => this.idAt(i));
  }

  private idAt(i: number): string {
    return (this.stories[i] as UserStory).id;
  }

  private indexOf(id: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new RangeError(`unknown story ${id}`);
    return i;
  }
}

/**
 * Build the graph from explicit `dependsOn` plus candidate inferred edges
 * (strongest first). Pure. Throws InputError for duplicate story ids or a
 * dependsOn naming no story; cycles are reported by validate(), not here.
 */
export function buildGraph(stories: readonly UserStory[], inferred: readonly Edge[] = []): DependencyGraph {
  const index = new Map<string, number>();
  stories.forEach((story, i) => {
    if (index.has(story.id)) throw new InputError(`duplicate story id ${story.id}`);
    index.set(story.id, i);
  });
  const explicitSucc: number[][] = stories.map(() => []);
  const explicit: Edge[] = [];
  stories.forEach((story, i) => {
    for (const dep of story.dependsOn ?? []) {
      const from = index.get(dep);
      if (from === undefined) throw new InputError(`${story.id} dependsOn unknown story ${dep}`);
      const list = explicitSucc[from] as number[];
      if (list.includes(i)) continue;
      list.push(i);
      explicit.push({ from: dep, to: story.id, origin: 'explicit', reason: `${story.id} dependsOn ${dep}` });
    }
  });
  const ids = stories.map((s) => s.id);
  const { accepted, dropped } = admitInferred(ids, explicitSucc, inferred);
  return new DependencyGraph([...stories], index, explicitSucc, [...explicit, ...accepted], dropped);
}
