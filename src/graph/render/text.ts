import type { Edge } from '../types.js';
import { scheduleOf, type RenderablePlan } from './model.js';

/** Human-readable plan for `ralph-wt plan`: waves, critical path, width, every edge and why. */
export function renderText(plan: RenderablePlan): string {
  const { graph } = plan;
  const lines: string[] = [];
  const passing = graph.stories.filter((s) => s.passes).length;
  const byOrigin = (origin: Edge['origin']): number => graph.edges.filter((e) => e.origin === origin).length;
  lines.push(
    `Plan: ${graph.stories.length} stories (${passing} already passing), ${graph.edges.length} edges ` +
      `(${byOrigin('explicit')} explicit, ${byOrigin('files')} files, ${byOrigin('similarity')} similarity)`,
  );
  const title = (id: string): string => `${id} ${graph.story(id).title}`;

  const schedule = scheduleOf(graph);
  if (schedule.ok) {
    lines.push('', 'Waves (unlimited concurrency):');
    if (schedule.waves.length === 0) lines.push('  (nothing left to run)');
    schedule.waves.forEach((wave, k) => {
      lines.push(`  ${k + 1}. ${wave.join(', ')}`);
    });
    lines.push(
      '',
      `Critical path (${schedule.criticalPath.length} ${schedule.criticalPath.length === 1 ? 'story' : 'stories'}): ${schedule.criticalPath.join(' → ') || '(none)'}`,
      `Width: ${schedule.width} (most stories that can run at the same time)`,
    );
  } else {
    lines.push('', 'Cycles in dependsOn (A → B means B dependsOn A) — no schedule until they are removed:');
    for (const cycle of schedule.cycles) lines.push(`  ${cycle.join(' → ')}`);
  }

  lines.push('', 'Stories:');
  for (const story of graph.stories) lines.push(`  ${story.passes ? '✓' : '·'} ${title(story.id)} (priority ${story.priority})`);

  lines.push('', 'Edges (dependency → dependent):');
  if (graph.edges.length === 0) lines.push('  (none)');
  for (const edge of graph.edges) lines.push(`  ${edge.from} → ${edge.to}  [${edge.origin}] ${edge.reason}`);

  if (plan.dropped.length > 0) {
    lines.push('', 'Dropped inferred edges:');
    for (const d of plan.dropped) {
      lines.push(`  ${d.edge.from} → ${d.edge.to}  [${d.edge.origin}, ${d.kind}] ${d.why}; evidence: ${d.edge.reason}`);
    }
  }
  const hints = plan.hints ?? [];
  if (hints.length > 0) {
    lines.push('', 'Hints (similar stories, too weakly to order them; they may run side by side):');
    for (const hint of hints) lines.push(`  ${hint.first} ~ ${hint.second}  ${hint.reason}`);
  }
  if (plan.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of plan.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
