/** Terminal rendering of a ConflictReport: one block per conflict, grouped by rule order of severity. */
import type { ConflictReport, DetectedConflict } from './types.js';

const RULE_TITLE: Record<DetectedConflict['rule'], string> = {
  'same-entity': 'same entity modified',
  'delete-modify': 'deleted vs modified',
  'both-added': 'added on both',
  reference: 'changed entity referenced',
  'same-file': 'same file',
};

function range(r: [number, number] | undefined): string {
  if (!r) return '';
  return r[0] === r[1] ? `${r[0]}` : `${r[0]}-${r[1]}`;
}

function location(c: DetectedConflict): string {
  const parts: string[] = [];
  for (const side of ['ours', 'theirs'] as const) {
    const r = c.lines?.[side];
    if (!r) continue;
    // A reference conflict spans two files: the changed entity's (changedBy) and the other branch's new code.
    const file = c.rule === 'reference' && c.otherFile && c.changedBy !== side ? c.otherFile : c.file;
    parts.push(`${side} ${file}:${range(r)}`);
  }
  return parts.join(', ');
}

export function formatConflictReport(report: ConflictReport): string {
  const head = `Conflict check (strategy: ${report.strategy}, base ${report.base.slice(0, 12)})`;
  if (report.strategy === 'none') return `${head}\n  detection disabled (--strategy none)\n`;
  if (report.conflicts.length === 0) return `${head}\n  no conflicts\n`;
  const lines = [`${head}: ${report.conflicts.length} conflict${report.conflicts.length === 1 ? '' : 's'}`];
  for (const c of report.conflicts) {
    const where = location(c);
    lines.push(`  ✗ [${RULE_TITLE[c.rule]}] ${c.entity ?? c.file}`);
    lines.push(`      ${c.message}`);
    if (where) lines.push(`      at ${where}`);
  }
  return `${lines.join('\n')}\n`;
}
