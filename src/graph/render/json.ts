import { scheduleOf, type RenderablePlan } from './model.js';

/** Version of the JSON shape below; bump on any incompatible change. */
export const PLAN_JSON_VERSION = 1;

export interface PlanJson {
  version: number;
  stories: { id: string; title: string; priority: number; passes: boolean; dependsOn: string[] }[];
  edges: { from: string; to: string; origin: string; reason: string }[];
  dropped: { from: string; to: string; origin: string; reason: string; kind: string; why: string }[];
  /** Similar pairs too weak to order (default mode); not edges. */
  hints: { first: string; second: string; similarity: number; reason: string }[];
  /** null when dependsOn has cycles. */
  waves: string[][] | null;
  criticalPath: string[] | null;
  width: number | null;
  cycles: string[][];
  notes: string[];
}

/** The plan as a plain object with a fixed key order (stable for diffs and tools). */
export function planToJson(plan: RenderablePlan): PlanJson {
  const { graph } = plan;
  const schedule = scheduleOf(graph);
  return {
    version: PLAN_JSON_VERSION,
    stories: graph.stories.map((s) => ({
      id: s.id,
      title: s.title,
      priority: s.priority,
      passes: s.passes,
      dependsOn: graph.dependenciesOf(s.id),
    })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, origin: e.origin, reason: e.reason })),
    dropped: plan.dropped.map((d) => ({
      from: d.edge.from,
      to: d.edge.to,
      origin: d.edge.origin,
      reason: d.edge.reason,
      kind: d.kind,
      why: d.why,
    })),
    hints: (plan.hints ?? []).map((h) => ({ first: h.first, second: h.second, similarity: h.similarity, reason: h.reason })),
    waves: schedule.ok ? schedule.waves : null,
    criticalPath: schedule.ok ? schedule.criticalPath : null,
    width: schedule.ok ? schedule.width : null,
    cycles: schedule.ok ? [] : schedule.cycles,
    notes: [...plan.notes],
  };
}

export function renderJson(plan: RenderablePlan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
