import { buildGraph } from '../../src/graph/dependency-graph.js';
import { planGraph } from '../../src/graph/plan.js';
import type { PlanOptions } from '../../src/graph/types.js';
import { story } from './helpers.js';

const filesOnly: PlanOptions = { mode: 'files', repoRoot: null, threshold: 0.5, weights: { files: 1, similarity: 1 } };

describe('explicit precedence', () => {
  it('adds no inferred edge when explicit edges already order the pair transitively', async () => {
    const stories = [
      story('US-001', { targetFiles: ['src/shared.ts'] }),
      story('US-002', { dependsOn: ['US-001'] }),
      story('US-003', { dependsOn: ['US-002'], targetFiles: ['src/*.ts'] }),
    ];
    const { graph, dropped } = await planGraph(stories, filesOnly);
    expect(graph.edges.every((e) => e.origin === 'explicit')).toBe(true);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ kind: 'redundant', edge: { from: 'US-001', to: 'US-003', origin: 'files' } });
    expect(dropped[0]?.why).toContain('US-001 → US-002 → US-003');
  });

  it('never reverses an explicit order, even against priority', async () => {
    // US-001 has the higher priority but explicitly waits for US-003.
    const stories = [
      story('US-001', { dependsOn: ['US-002'], targetFiles: ['src/a.ts'] }),
      story('US-002', { dependsOn: ['US-003'] }),
      story('US-003', { targetFiles: ['src/*.ts'] }),
    ];
    const { graph, dropped } = await planGraph(stories, filesOnly);
    expect(graph.edges.filter((e) => e.origin !== 'explicit')).toEqual([]);
    expect(dropped[0]).toMatchObject({ kind: 'reverses-explicit', edge: { from: 'US-001', to: 'US-003' } });
    expect(dropped[0]?.why).toBe('would reverse the explicit order US-003 → US-002 → US-001');
    expect(graph.topologicalOrder().map((s) => s.id)).toEqual(['US-003', 'US-002', 'US-001']);
  });

  it('drops an inferred edge that would close a cycle with other edges, and reports it', async () => {
    // Explicit: S1 after S3. Inferred by priority: S1 → S2 (admitted), S2 → S3 would close S2 → S3 → S1 → S2.
    const stories = [
      story('S1', { priority: 1, dependsOn: ['S3'], targetFiles: ['a/x.ts'] }),
      story('S2', { priority: 2, targetFiles: ['a/*.ts', 'b/*.ts'] }),
      story('S3', { priority: 3, targetFiles: ['b/y.ts'] }),
    ];
    const { graph, dropped } = await planGraph(stories, filesOnly);
    expect(graph.edges.map((e) => `${e.from}>${e.to}:${e.origin}`)).toEqual(['S3>S1:explicit', 'S1>S2:files']);
    expect(dropped).toEqual([
      expect.objectContaining({ kind: 'closes-cycle', why: 'would close the cycle S2 → S3 → S1 → S2' }),
    ]);
    expect(() => graph.validate()).not.toThrow();
    expect(graph.cycles()).toEqual([]);
  });

  it('buildGraph admits inferred edges in the given order and merges duplicates', () => {
    const stories = [story('A'), story('B')];
    const graph = buildGraph(stories, [
      { from: 'A', to: 'B', origin: 'files', reason: 'first' },
      { from: 'A', to: 'B', origin: 'similarity', reason: 'second' },
      { from: 'B', to: 'A', origin: 'similarity', reason: 'reverse' },
    ]);
    expect(graph.edges).toEqual([{ from: 'A', to: 'B', origin: 'files', reason: 'first' }]);
    // The reverse of an admitted inferred edge is only a duplicate pair: merged, not a cycle.
    expect(graph.dropped).toEqual([]);
  });
});

describe('disabling inference', () => {
  const stories = [
    story('US-001', { targetFiles: ['src/**'], title: 'Add login form', description: 'login form with password' }),
    story('US-002', { targetFiles: ['src/a.ts'], title: 'Add login form', description: 'login form with password' }),
  ];
  it.each(['none', 'explicit'] as const)('mode %s infers nothing', async (mode) => {
    const plan = await planGraph(stories, { ...filesOnly, mode, threshold: 0 });
    expect(plan.graph.edges).toEqual([]);
    expect(plan.notes.join('\n')).toContain(`inference off (mode ${mode})`);
  });
  it('mode files infers the overlap', async () => {
    const plan = await planGraph(stories, filesOnly);
    expect(plan.graph.edges).toHaveLength(1);
    expect(plan.graph.edges[0]).toMatchObject({ from: 'US-001', to: 'US-002', origin: 'files' });
  });
});
