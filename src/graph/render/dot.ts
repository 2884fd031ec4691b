import type { EdgeOrigin } from '../types.js';
import type { RenderablePlan } from './model.js';

const STYLE: Record<EdgeOrigin, string> = {
  explicit: 'style=solid',
  files: 'style=dashed, color="#1f6feb"',
  similarity: 'style=dotted, color="#8250df"',
};

/** Graphviz digraph; every edge labelled with its origin, passing stories filled. */
export function renderDot(plan: RenderablePlan): string {
  const { graph } = plan;
  const lines = ['digraph plan {', '  rankdir=TB;', '  node [shape=box, style=rounded];'];
  for (const story of graph.stories) {
    const fill = story.passes ? ', style="rounded,filled", fillcolor="#d9f2d9"' : '';
    lines.push(`  ${dotString(story.id)} [label=${dotString(`${story.id}\n${story.title}`)}${fill}];`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.origin)}, tooltip=${dotString(edge.reason)}, ${STYLE[edge.origin]}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A double-quoted DOT string: escape backslashes and quotes; newlines become `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
