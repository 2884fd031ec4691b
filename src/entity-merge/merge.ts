/**
 * Entity-aware three-way merge of one file (MERGE-NOTES §1): prepare → parse ×3 → extract → match/resolve per
 * scope → render → verify. Pure: data in, data out (loading the grammars is the only I/O).
 */
import { languageForPath } from '../analysis/languages.js';
import type { ExtractResult, LanguageId } from '../analysis/types.js';
import { lineMerge } from './line-merge.js';
import type { LineMergeResult } from './line-merge.js';
import { formatConflictMarkers } from './markers.js';
import { AmbiguousScopeError } from './match.js';
import { extractVersion, parseVersion } from './parse.js';
import type { ParsedVersion } from './parse.js';
import { prepare, restore } from './prepare.js';
import type { PreparedInputs } from './prepare.js';
import { render } from './render.js';
import { MergeInvariantError, mergeScope } from './scope-merge.js';
import type { ConflictInfo, MergeInput, MergeOptions, MergeOutcome, ResolvedLabels } from './types.js';
import { verifyClean, verifyConflictSides } from './verify.js';

function resolveLabels(input: MergeInput): ResolvedLabels {
  return { ours: input.labels?.ours ?? 'ours', base: input.labels?.base ?? 'base', theirs: input.labels?.theirs ?? 'theirs' };
}

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

export async function mergeEntities(input: MergeInput, options: MergeOptions = {}): Promise<MergeOutcome> {
  const labels = resolveLabels(input);
  const prepared = prepare(input.base, input.ours, input.theirs, options.maxSize);
  if (!prepared.ok) return refused(prepared.reason, null, null, input.ours);
  const p = prepared.inputs;
  const line = lineMerge(p.ours, p.base, p.theirs, labels);

  // Trivial cases need no grammar: one side unchanged, or both made the same change.
  if (p.ours === p.theirs || p.theirs === p.base) return { status: 'clean', text: restore(p.ours, p), conflicts: [], method: 'line' };
  if (p.ours === p.base) return { status: 'clean', text: restore(p.theirs, p), conflicts: [], method: 'line' };

  const lang = languageForPath(input.path);
  if (!lang) return refused(`no grammar for ${input.path}`, line, p, input.ours);

  const versions: ParsedVersion[] = [];
  try {
    return await mergeParsed(input, options, { p, line, labels, lang, versions });
  } finally {
    for (const v of versions) v.tree.delete();
  }
}

interface MergeContext {
  p: PreparedInputs;
  line: LineMergeResult;
  labels: ResolvedLabels;
  lang: LanguageId;
  /** Parsed versions (base, ours, theirs), owned by mergeEntities, which frees their trees. */
  versions: ParsedVersion[];
}

async function mergeParsed(input: MergeInput, options: MergeOptions, ctx: MergeContext): Promise<MergeOutcome> {
  const { p, line, labels, lang, versions } = ctx;
  const analysed: ExtractResult[] = [];
  for (const [name, text] of [
    ['base', p.base],
    ['ours', p.ours],
    ['theirs', p.theirs],
  ] as const) {
    // Ours and theirs are parsed incrementally from base's tree.
    const version = await parseVersion(text, lang, versions[0]);
    versions.push(version);
    const r = extractVersion(version, lang);
    if (r.hasErrors) return refused(`${name} does not parse`, line, p, input.ours);
    if (r.problems.length > 0) return refused(`${name}: ${r.problems[0] ?? ''}`, line, p, input.ours);
    if (r.entities.length === 0 && text.trim() !== '') return refused(`${name} has no entities`, line, p, input.ours);
    analysed.push(r);
  }
  const [base, ours, theirs] = analysed as [ExtractResult, ExtractResult, ExtractResult];
  const [baseVersion, oursVersion, theirsVersion] = versions as [ParsedVersion, ParsedVersion, ParsedVersion];

  let rendered;
  try {
    const pieces = mergeScope(
      {
        base: { text: p.base, entities: base.entities, offset: 0 },
        ours: { text: p.ours, entities: ours.entities, offset: 0 },
        theirs: { text: p.theirs, entities: theirs.entities, offset: 0 },
        label: 'file',
      },
      { sameEntity: options.sameEntity ?? 'conflict', trees: { lang, base: baseVersion, ours: oursVersion, theirs: theirsVersion } },
    );
    rendered = render(pieces, labels);
  } catch (err) {
    if (err instanceof AmbiguousScopeError) return refused(`ambiguous definitions: ${err.message}`, line, p, input.ours);
    if (err instanceof MergeInvariantError) return lineConflict(`entity merge invariant failed: ${err.message}`, line, p, labels, input.path);
    throw err;
  }

  if (rendered.conflicts.length > 0) {
    const sides = await verifyConflictSides(rendered.text, lang, { ours: oursVersion, theirs: theirsVersion });
    if (!sides.ok) return lineConflict(sides.reason, line, p, labels, input.path);
    return { status: 'conflict', text: restore(rendered.text, p), conflicts: rendered.conflicts, method: 'entity' };
  }
  const verdict = await verifyClean(rendered.text, lang, analysed, oursVersion);
  if (!verdict.ok) return lineConflict(verdict.reason, line, p, labels, input.path);
  const method = line.clean && line.text === rendered.text ? 'line' : 'entity';
  return { status: 'clean', text: restore(rendered.text, p), conflicts: [], method };
}
