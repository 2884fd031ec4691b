import { renderDot } from './dot.js';
import { renderJson } from './json.js';
import { renderMermaid } from './mermaid.js';
import type { PlanFormat, RenderablePlan } from './model.js';
import { renderText } from './text.js';

export type { PlanFormat, RenderablePlan } from './model.js';
export { planToJson, PLAN_JSON_VERSION, type PlanJson } from './json.js';

/** Render a plan for `ralph-wt plan --format`. Never throws on cyclic graphs: cycles are shown. */
export function renderPlan(plan: RenderablePlan, format: PlanFormat): string {
  switch (format) {
    case 'text':
      return renderText(plan);
    case 'json':
      return renderJson(plan);
    case 'mermaid':
      return renderMermaid(plan);
    case 'dot':
      return renderDot(plan);
  }
}
