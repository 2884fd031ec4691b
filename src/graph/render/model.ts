import type { DependencyGraph } from '../dependency-graph.js';
import type { DroppedEdge, SimilarityHint } from '../types.js';

/** What every renderer needs: planGraph's result (stats are optional). */
export interface RenderablePlan {
  graph: DependencyGraph;
  dropped: readonly DroppedEdge[];
  /** Absent for plans made without inference. */
  hints?: readonly SimilarityHint[];
  notes: readonly string[];
}

export type PlanFormat = 'text' | 'json' | 'mermaid' | 'dot';

/** Schedule facts, or the cycles that prevent them. */
export type Schedule =
  | { ok: true; waves: string[][]; criticalPath: string[]; width: number }
  | { ok: false; cycles: string[][] };

/** A cyclic graph has no schedule; renderers show the cycles instead of throwing. */
export function scheduleOf(graph: DependencyGraph): Schedule {
  const cycles = graph.cycles();
  if (cycles.length > 0) return { ok: false, cycles };
  return { ok: true, waves: graph.waves(), criticalPath: graph.criticalPath(), width: graph.width() };
}
