/**
 * Entity-aware three-way merge of one file: the analysis (analyze.ts: prepare → parse ×3 → extract → match/resolve
 * per scope) → render its plan → verify. Pure: data in, data out (loading the grammars is the only
 * I/O).
 */
import { resolveLabels, withAnalysis } from './analyze.js';
import type { AnalysisTrees, EntityAnalysis, MergeAnalysis } from './analyze.js';
import type { LineMergeResult } from './line-merge.js';
import { formatConflictMarkers } from './markers.js';
import { restore } from './prepare.js';
import type { PreparedInputs } from './prepare.js';
import { render } from './render.js';
import type { ConflictInfo, MergeInput, MergeOptions, MergeOutcome, ResolvedLabels } from './types.js';
import { verifyClean, verifyConflictSides } from './verify.js';

function refused(reason: string, line: LineMergeResult | null, inputs: PreparedInputs | null, fallbackText: string): MergeOutcome {
  const text = line && inputs ? restore(line.text, inputs) : fallbackText;
  return { status: 'refused', text, conflicts: [], reason, method: 'line' };
}

/**
 * The entity merge produced something unusable (verification failed): report a conflict over the line merge, or
 * over the whole file when the line merge was clean (it is the suspicious result, e.g. a duplicate definition).
 */
function lineConflict(reason: string, line: LineMergeResult, p: PreparedInputs, labels: ResolvedLabels, path: string): MergeOutcome {
  if (!line.clean) {
    const conflicts: ConflictInfo[] = line.conflictLines.map((startLine) => ({ entity: `file ${path}`, kind: 'gap', startLine }));
    return { status: 'conflict', text: restore(line.text, p), conflicts, reason, method: 'line' };
  }
  const text = formatConflictMarkers({ ours: p.ours, base: p.base, theirs: p.theirs }, labels, `file ${path} (${reason})`);
  return { status: 'conflict', text: restore(text, p), conflicts: [{ entity: `file ${path}`, kind: 'gap', startLine: 1 }], reason, method: 'line' };
}

/** Stages 7–8: render the plan, then re-parse what was rendered. */
async function renderVerified(a: EntityAnalysis, trees: AnalysisTrees | null, labels: ResolvedLabels, path: string): Promise<MergeOutcome> {
  const p = a.inputs;
  const rendered = render(a.plan, labels);
  if (rendered.conflicts.length > 0) {
    const sides = await verifyConflictSides(rendered.text, a.lang, trees ? { ours: trees.ours, theirs: trees.theirs } : {});
    if (!sides.ok) return lineConflict(sides.reason, a.line, p, labels, path);
    return { status: 'conflict', text: restore(rendered.text, p), conflicts: rendered.conflicts, method: 'entity' };
  }
  const verdict = await verifyClean(rendered.text, a.lang, a.extracted, trees?.ours);
  if (!verdict.ok) return lineConflict(verdict.reason, a.line, p, labels, path);
  const method = a.line.clean && a.line.text === rendered.text ? 'line' : 'entity';
  return { status: 'clean', text: restore(rendered.text, p), conflicts: [], method };
}

function outcomeOf(a: MergeAnalysis, trees: AnalysisTrees | null, input: MergeInput, labels: ResolvedLabels): Promise<MergeOutcome> | MergeOutcome {
  switch (a.status) {
    case 'unprepared':
      return refused(a.reason, null, null, input.ours);
    case 'trivial':
      return { status: 'clean', text: restore(a.taken === 'ours' ? a.inputs.ours : a.inputs.theirs, a.inputs), conflicts: [], method: 'line' };
    case 'refused':
      return refused(a.reason, a.line, a.inputs, input.ours);
    case 'broken':
      return lineConflict(a.reason, a.line, a.inputs, labels, input.path);
    case 'analysed':
      return renderVerified(a, trees, labels, input.path);
  }
}

export interface AnalysedMerge {
  analysis: MergeAnalysis;
  outcome: MergeOutcome;
}

/** The merge and the analysis it rendered, for callers that report decisions (conflict detection). */
export async function mergeWithAnalysis(input: MergeInput, options: MergeOptions = {}): Promise<AnalysedMerge> {
  const labels = resolveLabels(input);
  return withAnalysis(input, options, async (analysis, trees) => ({ analysis, outcome: await outcomeOf(analysis, trees, input, labels) }));
}

export async function mergeEntities(input: MergeInput, options: MergeOptions = {}): Promise<MergeOutcome> {
  return (await mergeWithAnalysis(input, options)).outcome;
}
