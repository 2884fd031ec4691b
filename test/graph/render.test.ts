import { buildGraph } from '../../src/graph/dependency-graph.js';
import { renderPlan } from '../../src/graph/render/index.js';
import { dotString } from '../../src/graph/render/dot.js';
import { mermaidText } from '../../src/graph/render/mermaid.js';
import type { PlanJson } from '../../src/graph/render/json.js';
import type { DroppedEdge } from '../../src/graph/types.js';
import { story } from './helpers.js';

const stories = [
  story('US-001', { title: 'Schema: "dependsOn" <fields>', passes: true }),
  story('US-002', { title: 'Graph #1 \\ DAG', dependsOn: ['US-001'] }),
  story('US-003', { title: 'File inference', dependsOn: ['US-002'] }),
  story('US-004', { title: 'Similarity' }),
];
const dropped: DroppedEdge[] = [
  {
    edge: { from: 'US-003', to: 'US-002', origin: 'similarity', reason: 'similarity 0.300 ≥ 0.09' },
    kind: 'reverses-explicit',
    why: 'would reverse the explicit order US-002 → US-003',
  },
];
const graph = buildGraph(stories, [{ from: 'US-002', to: 'US-004', origin: 'files', reason: 'both touch src/graph/** (src/graph/a.ts)' }]);
const plan = { graph, dropped, notes: ['inference mode hybrid'] };

describe('renderPlan', () => {
  it('text: waves, critical path, width, every edge with origin and reason, dropped edges, notes', () => {
    const text = renderPlan(plan, 'text');
    expect(text).toContain('Plan: 4 stories (1 already passing), 3 edges (2 explicit, 1 files, 0 similarity)');
    expect(text).toContain('  1. US-002');
    expect(text).toContain('  2. US-003, US-004');
    expect(text).toContain('Critical path (2 stories): US-002 → US-003');
    expect(text).toContain('Width: 2');
    expect(text).toContain('US-001 → US-002  [explicit] US-002 dependsOn US-001');
    expect(text).toContain('US-002 → US-004  [files] both touch src/graph/** (src/graph/a.ts)');
    expect(text).toContain('US-003 → US-002  [similarity, reverses-explicit] would reverse the explicit order US-002 → US-003');
    expect(text).toContain('- inference mode hybrid');
  });

  it('json: stable, machine-readable', () => {
    const json = JSON.parse(renderPlan(plan, 'json')) as PlanJson;
    expect(Object.keys(json)).toEqual(['version', 'stories', 'edges', 'dropped', 'hints', 'waves', 'criticalPath', 'width', 'cycles', 'notes']);
    expect(json.version).toBe(1);
    expect(json.waves).toEqual([['US-002'], ['US-003', 'US-004']]);
    expect(json.stories[2]).toEqual({ id: 'US-003', title: 'File inference', priority: 3, passes: false, dependsOn: ['US-002'] });
    expect(json.edges).toHaveLength(3);
    expect(json.dropped[0]).toMatchObject({ from: 'US-003', to: 'US-002', kind: 'reverses-explicit' });
    expect(renderPlan(plan, 'json')).toBe(renderPlan(plan, 'json'));
  });

  it('mermaid: graph TD, explicit solid, inferred dashed and labelled, titles escaped', () => {
    const mermaid = renderPlan(plan, 'mermaid');
    expect(mermaid.startsWith('graph TD\n')).toBe(true);
    expect(mermaid).toContain('  US-001 --> US-002');
    expect(mermaid).toContain('  US-002 -.->|files| US-004');
    expect(mermaid).toContain('US-001["US-001: Schema: #quot;dependsOn#quot; #lt;fields#gt;"]');
    expect(mermaid).toContain('US-002["US-002: Graph #35;1 \\ DAG"]');
    expect(mermaid).toContain('class US-001 passed');
    expect(mermaidText('a"b#c')).toBe('a#quot;b#35;c');
  });

  it('dot: digraph with origin labels and escaped strings', () => {
    const dot = renderPlan(plan, 'dot');
    expect(dot.startsWith('digraph plan {')).toBe(true);
    expect(dot).toContain('"US-001" -> "US-002" [label="explicit"');
    expect(dot).toContain('"US-002" -> "US-004" [label="files"');
    expect(dot).toContain('label="US-001\\nSchema: \\"dependsOn\\" <fields>"');
    expect(dot).toContain('label="US-002\\nGraph #1 \\\\ DAG"');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(dotString('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it('shows cycles instead of throwing when dependsOn is cyclic', () => {
    const cyclic = buildGraph([story('A', { dependsOn: ['B'] }), story('B', { dependsOn: ['A'] })]);
    const cyclicPlan = { graph: cyclic, dropped: [], notes: [] };
    expect(renderPlan(cyclicPlan, 'text')).toContain('A → B → A');
    const json = JSON.parse(renderPlan(cyclicPlan, 'json')) as PlanJson;
    expect(json.cycles).toEqual([['A', 'B', 'A']]);
    expect(json.waves).toBeNull();
    expect(renderPlan(cyclicPlan, 'mermaid')).toContain('A --> B');
  });
});
