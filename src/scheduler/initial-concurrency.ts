import type { Settings } from '../config/types.js';
import type { DependencyGraph } from '../graph/dependency-graph.js';

/** A fixed limit as configured; `auto` starts at the graph's width capped by the ceiling. */
export function initialConcurrency(settings: Pick<Settings, 'maxConcurrency' | 'autoCeiling'>, graph: Pick<DependencyGraph, 'width'>): number {
  if (settings.maxConcurrency !== 'auto') return settings.maxConcurrency;
  return Math.max(1, Math.min(settings.autoCeiling, graph.width()));
}
