import { buildGraph } from '../../src/graph/dependency-graph.js';
import { remainingWidth } from '../../src/scheduler/concurrency/remaining-width.js';
import { story } from '../graph/helpers.js';

const none = new Set<string>();

describe('remainingWidth', () => {
  // US-1 → US-2 → US-4, US-1 → US-3, and US-5 independent.
  const graph = buildGraph([
    story('US-1'),
    story('US-2', { dependsOn: ['US-1'] }),
    story('US-3', { dependsOn: ['US-1'] }),
    story('US-4', { dependsOn: ['US-2'] }),
    story('US-5'),
  ]);

  it('matches graph.width() before anything ran', () => {
    expect(remainingWidth(graph, { done: none, failed: none })).toBe(graph.width());
    expect(remainingWidth(graph, { done: none, failed: none })).toBe(3); // {US-2|US-4, US-3, US-5}
  });

  it('shrinks as stories are merged', () => {
    expect(remainingWidth(graph, { done: new Set(['US-1', 'US-5']), failed: none })).toBe(2);
    expect(remainingWidth(graph, { done: new Set(['US-1', 'US-5', 'US-3']), failed: none })).toBe(1);
    expect(remainingWidth(graph, { done: new Set(['US-1', 'US-2', 'US-3', 'US-4', 'US-5']), failed: none })).toBe(0);
  });

  it('drops failed stories and everything downstream of them', () => {
    expect(remainingWidth(graph, { done: none, failed: new Set(['US-1']) })).toBe(1); // only US-5 can still run
    expect(remainingWidth(graph, { done: new Set(['US-1']), failed: new Set(['US-2']) })).toBe(2); // US-3, US-5
  });

  it('skips stories prd.json already marks as passing', () => {
    const g = buildGraph([story('US-1', { passes: true }), story('US-2'), story('US-3')]);
    expect(remainingWidth(g, { done: none, failed: none })).toBe(2);
  });

  it('a passing or merged story satisfies its dependents, as readyStories does', () => {
    // US-2 passes already but US-1 does not: US-3 is ready now, next to US-1.
    const g = buildGraph([
      story('US-1'),
      story('US-2', { dependsOn: ['US-1'], passes: true }),
      story('US-3', { dependsOn: ['US-2'] }),
    ]);
    expect(remainingWidth(g, { done: none, failed: none })).toBe(2);
    expect(g.readyStories(none, none).map((s) => s.id)).toEqual(['US-1', 'US-3']);
    // A failure does not block past a satisfied story either.
    expect(remainingWidth(g, { done: none, failed: new Set(['US-1']) })).toBe(1);
  });
});
