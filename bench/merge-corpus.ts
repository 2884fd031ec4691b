/**
 * The merge corpus (fixtures/merge/<case>/{base,ours,theirs}.<ext> + expected.<ext> or expected.conflict):
 * loader and runner shared by the corpus test and the bench. Reading fixtures is the only I/O; a line-merge
 * baseline (git merge-file) can be supplied by the caller, which may spawn processes.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { mergeEntities } from '../src/entity-merge/merge.js';
import type { MergeOptions, MergeOutcome } from '../src/entity-merge/types.js';

export type CorpusExpectation = { type: 'clean'; text: string } | { type: 'conflict'; entities: string[] };

export interface CorpusCase {
  name: string;
  dir: string;
  /** File extension without the dot (picks the grammar). */
  ext: string;
  base: string;
  ours: string;
  theirs: string;
  expected: CorpusExpectation;
}

export interface BaselineResult {
  clean: boolean;
  text: string;
}

export type Baseline = (c: CorpusCase) => Promise<BaselineResult>;

export interface CaseResult {
  name: string;
  outcome: MergeOutcome;
  /** Clean with the expected text, or a conflict naming every expected entity. */
  pass: boolean;
  /** Clean but not the expected result: the failure that must never happen. */
  wrongClean: boolean;
  detail?: string;
  baseline?: BaselineResult & { wrongClean: boolean };
}

export interface CorpusSummary {
  cases: number;
  passed: number;
  clean: number;
  conflicts: number;
  refused: number;
  wrongClean: number;
  expectedClean: number;
  baselineClean?: number;
  baselineWrongClean?: number;
}

export function loadCorpus(root: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    const files = readdirSync(dir);
    const baseFile = files.find((f) => f.startsWith('base.'));
    if (!baseFile) continue;
    const ext = baseFile.slice('base.'.length);
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    const conflictFile = join(dir, 'expected.conflict');
    const expected: CorpusExpectation = existsSync(conflictFile)
      ? { type: 'conflict', entities: read('expected.conflict').split('\n').map((l) => l.trim()).filter((l) => l !== '') }
      : { type: 'clean', text: read(`expected.${ext}`) };
    cases.push({ name, dir, ext, base: read(baseFile), ours: read(`ours.${ext}`), theirs: read(`theirs.${ext}`), expected });
  }
  return cases;
}

function judge(c: CorpusCase, outcome: MergeOutcome): Pick<CaseResult, 'pass' | 'wrongClean' | 'detail'> {
  if (c.expected.type === 'clean') {
    if (outcome.status === 'clean') {
      const ok = outcome.text === c.expected.text;
      return ok ? { pass: true, wrongClean: false } : { pass: false, wrongClean: true, detail: 'clean result differs from expected' };
    }
    return { pass: false, wrongClean: false, detail: `expected clean, got ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}` };
  }
  if (outcome.status === 'clean') return { pass: false, wrongClean: true, detail: `expected a conflict on ${c.expected.entities.join(', ')}, got clean` };
  if (outcome.status === 'refused') return { pass: false, wrongClean: false, detail: `expected a conflict, got refused (${outcome.reason ?? ''})` };
  const missing = c.expected.entities.filter((e) => !outcome.conflicts.some((x) => x.entity.includes(e)));
  return missing.length === 0
    ? { pass: true, wrongClean: false }
    : { pass: false, wrongClean: false, detail: `conflicts ${outcome.conflicts.map((x) => x.entity).join(', ')} do not name ${missing.join(', ')}` };
}

export async function runCase(c: CorpusCase, options: MergeOptions = {}, baseline?: Baseline): Promise<CaseResult> {
  const outcome = await mergeEntities({ base: c.base, ours: c.ours, theirs: c.theirs, path: `${c.name}.${c.ext}` }, options);
  const result: CaseResult = { name: c.name, outcome, ...judge(c, outcome) };
  if (baseline) {
    const b = await baseline(c);
    const wrongClean = b.clean && (c.expected.type === 'conflict' || b.text !== c.expected.text);
    result.baseline = { ...b, wrongClean };
  }
  return result;
}

export async function runCorpus(cases: readonly CorpusCase[], options: MergeOptions = {}, baseline?: Baseline): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  // Sequential: the wasm parsers are shared, and the corpus is small.
  for (const c of cases) results.push(await runCase(c, options, baseline));
  return results;
}

export function summarise(cases: readonly CorpusCase[], results: readonly CaseResult[]): CorpusSummary {
  const summary: CorpusSummary = {
    cases: results.length,
    passed: results.filter((r) => r.pass).length,
    clean: results.filter((r) => r.outcome.status === 'clean').length,
    conflicts: results.filter((r) => r.outcome.status === 'conflict').length,
    refused: results.filter((r) => r.outcome.status === 'refused').length,
    wrongClean: results.filter((r) => r.wrongClean).length,
    expectedClean: cases.filter((c) => c.expected.type === 'clean').length,
  };
  if (results.every((r) => r.baseline)) {
    summary.baselineClean = results.filter((r) => r.baseline?.clean).length;
    summary.baselineWrongClean = results.filter((r) => r.baseline?.wrongClean).length;
  }
  return summary;
}
