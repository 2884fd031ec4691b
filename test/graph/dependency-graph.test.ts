import { buildGraph } from '../../src/graph/dependency-graph.js';
import { story } from './helpers.js';

/*
 *  1 ──► 2 ──► 4 ──► 6
 *  │           ▲
 *  └──► 3 ─────┘      5 (independent, priority 1)
 */
const diamond = () => [
  story('US-001'),
  story('US-002', { dependsOn: ['US-001'] }),
  story('US-003', { dependsOn: ['US-001'] }),
  story('US-004', { dependsOn: ['US-002', 'US-003'] }),
  story('US-005', { priority: 1 }),
  story('US-006', { dependsOn: ['US-004'] }),
];

describe('topologicalOrder', () => {
  it('respects edges and breaks ties by priority, then id', () => {
    const order = buildGraph(diamond()).topologicalOrder().map((s) => s.id);
    expect(order).toEqual(['US-001', 'US-005', 'US-002', 'US-003', 'US-004', 'US-006']);
  });

  it('uses natural id order on equal priority', () => {
    const order = buildGraph([story('US-10', { priority: 1 }), story('US-9', { priority: 1 })]).topologicalOrder();
    expect(order.map((s) => s.id)).toEqual(['US-9', 'US-10']);
  });
});

describe('readyStories', () => {
  const graph = buildGraph(diamond());

  it('starts with stories without dependencies, by priority then id', () => {
    expect(graph.readyStories(new Set(), new Set()).map((s) => s.id)).toEqual(['US-001', 'US-005']);
  });

  it('excludes running and done stories and waits for every dependency', () => {
    const ready = graph.readyStories(new Set(['US-001', 'US-002']), new Set(['US-005']));
    expect(ready.map((s) => s.id)).toEqual(['US-003']);
    expect(graph.readyStories(new Set(['US-001', 'US-002', 'US-003']), new Set()).map((s) => s.id)).toEqual(['US-005', 'US-004']);
  });

  it('treats passes: true as satisfied and never returns a passing story', () => {
    const stories = diamond().map((s) => (s.id === 'US-001' ? { ...s, passes: true } : s));
    const ready = buildGraph(stories).readyStories(new Set(), new Set());
    expect(ready.map((s) => s.id)).toEqual(['US-005', 'US-002', 'US-003']);
  });
});

describe('waves, criticalPath, width', () => {
  it('computes the waves of an unlimited scheduler', () => {
    expect(buildGraph(diamond()).waves()).toEqual([['US-001', 'US-005'], ['US-002', 'US-003'], ['US-004'], ['US-006']]);
  });

  it('excludes passing stories from waves, which then satisfy their dependents', () => {
    const stories = diamond().map((s) => (['US-001', 'US-002'].includes(s.id) ? { ...s, passes: true } : s));
    expect(buildGraph(stories).waves()).toEqual([['US-005', 'US-003'], ['US-004'], ['US-006']]);
  });

  it('finds the longest chain by story count', () => {
    expect(buildGraph(diamond()).criticalPath()).toEqual(['US-001', 'US-002', 'US-004', 'US-006']);
  });

  it('finds the longest chain by estimated duration', () => {
    const hours: Record<string, number> = { 'US-001': 1, 'US-002': 1, 'US-003': 5, 'US-004': 1, 'US-005': 20, 'US-006': 1 };
    const path = buildGraph(diamond()).criticalPath((s) => hours[s.id] ?? 1);
    expect(path).toEqual(['US-005']);
    hours['US-005'] = 2;
    expect(buildGraph(diamond()).criticalPath((s) => hours[s.id] ?? 1)).toEqual(['US-001', 'US-003', 'US-004', 'US-006']);
  });

  it('computes the width as the maximum antichain', () => {
    expect(buildGraph(diamond()).width()).toBe(3); // {US-002, US-003, US-005}
  });

  it('width can exceed the largest wave (a comb: one branch off each chain step)', () => {
    // A1 → A2 → A3 → A4, C after A1, D after A2, E after A3, B alone.
    const stories = [
      story('A1'),
      story('A2', { dependsOn: ['A1'] }),
      story('A3', { dependsOn: ['A2'] }),
      story('A4', { dependsOn: ['A3'] }),
      story('B1'),
      story('C1', { dependsOn: ['A1'] }),
      story('D1', { dependsOn: ['A2'] }),
      story('E1', { dependsOn: ['A3'] }),
    ];
    const graph = buildGraph(stories);
    expect(graph.waves()).toEqual([['A1', 'B1'], ['C1', 'A2'], ['D1', 'A3'], ['E1', 'A4']]); // priority = the digit
    // {B1, C1, D1, E1, A4} are pairwise unordered.
    expect(graph.width()).toBe(5);
  });

  it('width ignores passing stories', () => {
    const stories = diamond().map((s) => (s.id === 'US-005' ? { ...s, passes: true } : s));
    expect(buildGraph(stories).width()).toBe(2);
    expect(buildGraph([]).width()).toBe(0);
  });
});

describe('dependenciesOf / dependentsOf', () => {
  const graph = buildGraph(diamond());
  it('lists direct dependencies and direct or transitive dependents', () => {
    expect(graph.dependenciesOf('US-004')).toEqual(['US-002', 'US-003']);
    expect(graph.dependentsOf('US-001')).toEqual(['US-002', 'US-003']);
    expect(graph.dependentsOf('US-001', true)).toEqual(['US-002', 'US-003', 'US-004', 'US-006']);
    expect(graph.dependentsOf('US-005', true)).toEqual([]);
    expect(() => graph.dependenciesOf('US-404')).toThrow(/unknown story US-404/);
  });

  it('exposes stories and explicit edges with reasons', () => {
    expect(graph.stories).toHaveLength(6);
    expect(graph.edges).toContainEqual({ from: 'US-001', to: 'US-002', origin: 'explicit', reason: 'US-002 dependsOn US-001' });
    expect(graph.edges.filter((e) => e.origin === 'explicit')).toHaveLength(5);
  });
});
