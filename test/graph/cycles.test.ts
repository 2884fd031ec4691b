import { buildGraph } from '../../src/graph/dependency-graph.js';
import { elementaryCycles } from '../../src/graph/cycles.js';
import { InputError } from '../../src/util/errors.js';
import { story } from './helpers.js';

describe('elementaryCycles', () => {
  it('finds every elementary cycle, including overlapping ones', () => {
    // 0→1→2→0 and 0→1→0 share the edge 0→1; 3→3 is a self-loop.
    const cycles = elementaryCycles([[1], [2, 0], [0], [3]]);
    expect(cycles).toEqual(expect.arrayContaining([[0, 1, 2, 0], [0, 1, 0], [3, 3]]));
    expect(cycles).toHaveLength(3);
  });

  it('finds all cycles of a complete digraph on 4 nodes (20 of them)', () => {
    const k4 = [0, 1, 2, 3].map((v) => [0, 1, 2, 3].filter((w) => w !== v));
    // 6 two-cycles + 8 three-cycles + 6 four-cycles.
    expect(elementaryCycles(k4)).toHaveLength(20);
  });

  it('returns nothing for a DAG and respects the limit', () => {
    expect(elementaryCycles([[1, 2], [2], []])).toEqual([]);
    const k4 = [0, 1, 2, 3].map((v) => [0, 1, 2, 3].filter((w) => w !== v));
    expect(elementaryCycles(k4, 5)).toHaveLength(5);
  });
});

describe('DependencyGraph.cycles / validate', () => {
  const stories = [
    story('US-001'),
    story('US-002', { dependsOn: ['US-001'] }),
    story('US-003', { dependsOn: ['US-005'] }),
    story('US-004', { dependsOn: ['US-004'] }),
    story('US-005', { dependsOn: ['US-003'] }),
    story('US-006', { dependsOn: ['US-008'] }),
    story('US-007', { dependsOn: ['US-006'] }),
    story('US-008', { dependsOn: ['US-007'] }),
  ];

  it('reports several cycles at once, each in edge order with the first id repeated', () => {
    const cycles = buildGraph(stories).cycles();
    expect(cycles).toEqual([
      ['US-003', 'US-005', 'US-003'],
      ['US-004', 'US-004'],
      // US-008 → US-006 (US-006 dependsOn US-008) → US-007 → US-008
      ['US-006', 'US-007', 'US-008', 'US-006'],
    ]);
  });

  it('validate throws an InputError listing every cycle', () => {
    const graph = buildGraph(stories);
    expect(() => graph.validate()).toThrow(InputError);
    try {
      graph.validate();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('3 cycles');
      expect(message).toContain('US-003 → US-005 → US-003');
      expect(message).toContain('US-004 → US-004');
      expect(message).toContain('US-006 → US-007 → US-008 → US-006');
    }
    expect(() => graph.topologicalOrder()).toThrow(InputError);
  });

  it('validate passes on a DAG', () => {
    expect(() => buildGraph(stories.slice(0, 2)).validate()).not.toThrow();
  });

  it('rejects unknown dependencies and duplicate ids', () => {
    expect(() => buildGraph([story('US-001', { dependsOn: ['US-099'] })])).toThrow(/US-001 dependsOn unknown story US-099/);
    expect(() => buildGraph([story('US-001'), story('US-001')])).toThrow(/duplicate story id US-001/);
  });
});
