import type { RenderablePlan } from './model.js';

/**
 * Mermaid flowchart. Solid arrows are explicit dependsOn; inferred edges are
 * dashed and labelled with their origin. Passing stories are shaded.
 */
export function renderMermaid(plan: RenderablePlan): string {
  const { graph } = plan;
  const node = nodeIds(graph.stories.map((s) => s.id));
  const lines = ['graph TD', '  %% A --> B: B dependsOn A (solid = explicit, dashed = inferred)'];
  for (const story of graph.stories) {
    lines.push(`  ${node(story.id)}["${mermaidText(`${story.id}: ${story.title}`)}"]`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.origin === 'explicit' ? '-->' : `-.->|${edge.origin}|`;
    lines.push(`  ${node(edge.from)} ${arrow} ${node(edge.to)}`);
  }
  const passed = graph.stories.filter((s) => s.passes).map((s) => node(s.id));
  if (passed.length > 0) {
    lines.push('  classDef passed fill:#d9f2d9,stroke:#3a3');
    lines.push(`  class ${passed.join(',')} passed`);
  }
  return `${lines.join('\n')}\n`;
}

/** Story ids are used as node ids when Mermaid accepts them as such, else `s<index>`. */
function nodeIds(ids: readonly string[]): (id: string) => string {
  const map = new Map(ids.map((id, i) => [id, /^[A-Za-z][A-Za-z0-9_-]*$/.test(id) && !/--/.test(id) && !/^end$/i.test(id) ? id : `s${i}`]));
  return (id) => map.get(id) ?? id;
}

/** Inside `["…"]`, Mermaid reads `#name;` / `#code;` entities: escape `#` first, then quotes and brackets. */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/[\r\n]+/g, ' ');
}
