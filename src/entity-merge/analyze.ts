/**
 * The merge analysis of one file (stages 0–6; render and verify, 7–8, are merge.ts's): prepare → line merge → parse ×3 → extract →
 * match/resolve/lay out per scope. Its result is what the merge decided for every entity and gap, plus the plan the
 * renderer turns into text. The entity merge (merge.ts) renders and verifies it; conflict detection
 * (src/conflicts) reports it. Pure: data in, data out (loading the grammars is the only I/O).
 */
import { languageForPath } from '../analysis/languages.js';
import type { ExtractResult, LanguageId } from '../analysis/types.js';
import type { ScopeDecisions } from './decisions.js';
import { lineMerge } from './line-merge.js';
import type { LineMergeResult } from './line-merge.js';
import { AmbiguousScopeError } from './match.js';
import { extractVersion, parseVersion } from './parse.js';
import type { ParsedVersion } from './parse.js';
import { prepare } from './prepare.js';
import type { PreparedInputs } from './prepare.js';
import { MergeInvariantError, analyseScope } from './scope-merge.js';
import type { MergeInput, MergeOptions, Piece, ResolvedLabels } from './types.js';

/** Stage 0 refused the inputs (binary, markers, size cap, both created the file): nothing was parsed or merged. */
export interface UnpreparedAnalysis {
  status: 'unprepared';
  reason: string;
}

interface Prepared {
  inputs: PreparedInputs;
  /** Line diff3 of the prepared inputs: the fast path's answer, and what a refusal falls back to. */
  line: LineMergeResult;
}

/** One side left the file as it was, or both made the same change: that side's text is the merge. */
export interface TrivialAnalysis extends Prepared {
  status: 'trivial';
  taken: 'ours' | 'theirs';
}

/** The file cannot be merged entity by entity (no grammar, parse errors, ambiguous definitions): line merge. */
export interface RefusedAnalysis extends Prepared {
  status: 'refused';
  reason: string;
}

/** The scope merge broke one of its invariants: nothing it decided can be trusted, the line merge stands. */
export interface BrokenAnalysis extends Prepared {
  status: 'broken';
  reason: string;
}

export interface EntityAnalysis extends Prepared {
  status: 'analysed';
  lang: LanguageId;
  /** Top-level decisions; containers merged member by member hold their members' decisions. */
  decisions: ScopeDecisions;
  /** The merged file as text and conflict boxes, in order: the renderer's input. */
  plan: Piece[];
  /** Extraction of base, ours and theirs (verification compares the result against them). */
  extracted: [ExtractResult, ExtractResult, ExtractResult];
}

export type MergeAnalysis = UnpreparedAnalysis | TrivialAnalysis | RefusedAnalysis | BrokenAnalysis | EntityAnalysis;

/** The parsed versions behind an analysis, alive only inside withAnalysis (verification re-parses from them). */
export interface AnalysisTrees {
  base: ParsedVersion;
  ours: ParsedVersion;
  theirs: ParsedVersion;
}

export function resolveLabels(input: MergeInput): ResolvedLabels {
  return { ours: input.labels?.ours ?? 'ours', base: input.labels?.base ?? 'base', theirs: input.labels?.theirs ?? 'theirs' };
}

/** The analysis of one file; the syntax trees are freed before it returns. */
export async function analyze(input: MergeInput, options: MergeOptions = {}): Promise<MergeAnalysis> {
  return withAnalysis(input, options, (analysis) => Promise.resolve(analysis));
}

/** Analyse, then hand the analysis and its trees (when parsed) to `use`; the trees are freed afterwards. */
export async function withAnalysis<T>(input: MergeInput, options: MergeOptions, use: (analysis: MergeAnalysis, trees: AnalysisTrees | null) => Promise<T>): Promise<T> {
  const prepared = prepare(input.base, input.ours, input.theirs, options.maxSize);
  if (!prepared.ok) return use({ status: 'unprepared', reason: prepared.reason }, null);
  const p = prepared.inputs;
  const ready: Prepared = { inputs: p, line: lineMerge(p.ours, p.base, p.theirs, resolveLabels(input)) };

  // Trivial cases need no grammar: one side unchanged, or both made the same change.
  if (p.ours === p.theirs || p.theirs === p.base) return use({ status: 'trivial', taken: 'ours', ...ready }, null);
  if (p.ours === p.base) return use({ status: 'trivial', taken: 'theirs', ...ready }, null);

  const lang = languageForPath(input.path);
  if (!lang) return use({ status: 'refused', reason: `no grammar for ${input.path}`, ...ready }, null);

  const versions: ParsedVersion[] = [];
  try {
    const analysis = await analyseParsed(options, ready, lang, versions);
    const [base, ours, theirs] = versions;
    return await use(analysis, base && ours && theirs ? { base, ours, theirs } : null);
  } finally {
    for (const v of versions) v.tree.delete();
  }
}

/** Stages 2–6. `versions` receives each parsed version as it is made (the caller frees them). */
async function analyseParsed(options: MergeOptions, ready: Prepared, lang: LanguageId, versions: ParsedVersion[]): Promise<MergeAnalysis> {
  const p = ready.inputs;
  const extracted: ExtractResult[] = [];
  for (const [name, text] of [
    ['base', p.base],
    ['ours', p.ours],
    ['theirs', p.theirs],
  ] as const) {
    // Ours and theirs are parsed incrementally from base's tree.
    const version = await parseVersion(text, lang, versions[0]);
    versions.push(version);
    const r = extractVersion(version, lang);
    if (r.hasErrors) return { status: 'refused', reason: `${name} does not parse`, ...ready };
    if (r.problems.length > 0) return { status: 'refused', reason: `${name}: ${r.problems[0] ?? ''}`, ...ready };
    if (r.entities.length === 0 && text.trim() !== '') return { status: 'refused', reason: `${name} has no entities`, ...ready };
    extracted.push(r);
  }
  const [base, ours, theirs] = extracted as [ExtractResult, ExtractResult, ExtractResult];
  const [baseVersion, oursVersion, theirsVersion] = versions as [ParsedVersion, ParsedVersion, ParsedVersion];
  try {
    const scope = analyseScope(
      {
        base: { text: p.base, entities: base.entities, offset: 0 },
        ours: { text: p.ours, entities: ours.entities, offset: 0 },
        theirs: { text: p.theirs, entities: theirs.entities, offset: 0 },
        label: 'file',
      },
      { sameEntity: options.sameEntity ?? 'conflict', trees: { lang, base: baseVersion, ours: oursVersion, theirs: theirsVersion } },
    );
    return { status: 'analysed', lang, decisions: scope.decisions, plan: scope.pieces, extracted: [base, ours, theirs], ...ready };
  } catch (err) {
    if (err instanceof AmbiguousScopeError) return { status: 'refused', reason: `ambiguous definitions: ${err.message}`, ...ready };
    if (err instanceof MergeInvariantError) return { status: 'broken', reason: `entity merge invariant failed: ${err.message}`, ...ready };
    throw err;
  }
}
