/**
 * Reconciliation measured on fixtures/reconcile/cases: every case is built as a real repository with two story
 * branches merged by git, then reconciled. Reports the share of trivial issues (duplicate imports, formatting)
 * fixed automatically, whether the fixed files equal the expected ones, and whether every merge-made type error
 * is reported with its file, a line and both stories. Used by the tests and by `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTool } from '../src/reconcile/find-tool.js';
import { pathExists } from '../src/util/path-exists.js';
import { commitSubject } from '../src/workspace/refs.js';
import { revParse } from '../src/workspace/git.js';
import { buildCaseRepo, loadCases, reconcileContext, type CaseSpec } from './reconcile-case.js';
import { reconcile } from '../src/reconcile/reconcile.js';
import { isFlagged, type ReconcileResult } from '../src/reconcile/types.js';

export interface CaseOutcome {
  name: string;
  description: string;
  /** Why the case did not run (a missing tool), else null. */
  skipped: string | null;
  expectedTrivial: number;
  foundTrivial: number;
  fixedTrivial: number;
  /** Files after reconciliation equal `expected/` (null when the case has none). */
  filesMatch: boolean | null;
  mismatched: string[];
  typeErrorsExpected: number;
  /** Expected type errors reported with their file, a line and every expected story. */
  typeErrorsAttributed: number;
  /** Flagged issues a case did not expect. */
  unexpected: string[];
  commitMessage: string | null;
  /** fixCommit's parent is head. */
  commitOnHead: boolean | null;
  reconcileMs: number;
}

export interface ReconcileMeasurement {
  cases: CaseOutcome[];
  trivial: { expected: number; found: number; fixed: number; percentFixed: number };
  typeErrors: { expected: number; attributed: number; percentAttributed: number };
  filesMatching: { cases: number; matching: number };
  unexpectedFlagged: number;
  skipped: number;
  totalMs: number;
  medianReconcileMs: number;
}

export interface MeasureOptions {
  /** Default: fixtures/reconcile next to this package. */
  fixturesDir?: string;
  /** Only these case names. */
  only?: readonly string[];
  /** Keep the temporary repositories for inspection (under $TMPDIR/ralph-reconcile-measure-*). */
  keep?: boolean;
}

/**
 * The package root: the nearest ancestor holding package.json. Found by walking up because this module runs
 * from bench/ (tests) and from dist/bench/ (the built bench) alike.
 */
function findPackageRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
    dir = parent;
  }
}

const packageRoot = findPackageRoot();

export async function measureReconcile(options: MeasureOptions = {}): Promise<ReconcileMeasurement> {
  const started = Date.now();
  const fixturesDir = options.fixturesDir ?? join(packageRoot, 'fixtures', 'reconcile');
  const formatter = join(fixturesDir, 'tools', 'fmt.mjs');
  const all = await loadCases(join(fixturesDir, 'cases'));
  const cases = options.only ? all.filter((c) => options.only?.includes(c.name)) : all;
  const tscPath = resolveTsc();
  const cargo = await findTool('cargo', []);
  const work = await mkdtemp(join(tmpdir(), 'ralph-reconcile-measure-'));
  const outcomes: CaseOutcome[] = [];
  try {
    for (const spec of cases) {
      const missing = spec.requires.filter((tool) => (tool === 'tsc' ? tscPath === null : tool === 'cargo' ? cargo === null : true));
      if (missing.length > 0) {
        outcomes.push(emptyOutcome(spec, `needs ${missing.join(', ')}`));
        continue;
      }
      outcomes.push(await runCase(spec, work, spec.requires.includes('tsc') ? tscPath : null, formatter));
    }
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
  const ran = outcomes.filter((o) => o.skipped === null);
  const sum = (pick: (o: CaseOutcome) => number): number => ran.reduce((n, o) => n + pick(o), 0);
  const expected = sum((o) => o.expectedTrivial);
  const fixed = sum((o) => Math.min(o.fixedTrivial, o.expectedTrivial));
  const typeExpected = sum((o) => o.typeErrorsExpected);
  const typeAttributed = sum((o) => o.typeErrorsAttributed);
  const withFiles = ran.filter((o) => o.filesMatch !== null);
  const times = ran.map((o) => o.reconcileMs).sort((a, b) => a - b);
  return {
    cases: outcomes,
    trivial: { expected, found: sum((o) => o.foundTrivial), fixed, percentFixed: expected === 0 ? 100 : round1((100 * fixed) / expected) },
    typeErrors: { expected: typeExpected, attributed: typeAttributed, percentAttributed: typeExpected === 0 ? 100 : round1((100 * typeAttributed) / typeExpected) },
    filesMatching: { cases: withFiles.length, matching: withFiles.filter((o) => o.filesMatch).length },
    unexpectedFlagged: sum((o) => o.unexpected.length),
    skipped: outcomes.length - ran.length,
    totalMs: Date.now() - started,
    medianReconcileMs: times.length === 0 ? 0 : (times[Math.floor(times.length / 2)] ?? 0),
  };
}

async function runCase(spec: CaseSpec, work: string, tscPath: string | null, formatter: string): Promise<CaseOutcome> {
  const built = await buildCaseRepo(spec, work, tscPath);
  const ctx = reconcileContext(built.repo, join(work, 'logs', spec.name), {
    reconcileFormat: spec.format ? `node ${shellQuote(formatter)}` : null,
  });
  const t0 = Date.now();
  const result = await reconcile({ ctx, dir: built.worktree, head: built.head, batch: built.batch });
  const reconcileMs = Date.now() - t0;

  const trivial = result.issues.filter((i) => i.kind === 'duplicate-import' || (i.kind === 'format' && i.file !== null));
  const expectedTrivial = spec.expect.duplicateImports + spec.expect.formatted;
  const typeIssues = result.issues.filter((i) => i.kind === 'typecheck');
  const attributed = spec.expect.typeErrors.filter((want) =>
    typeIssues.some((got) => got.file === want.file && got.line !== null && want.stories.every((s) => got.stories.includes(s))),
  ).length;
  const expectedKinds = new Set(spec.expect.typeErrors.length > 0 ? ['typecheck'] : []);
  const unexpected = result.issues
    .filter((i) => isFlagged(i) && !expectedKinds.has(i.kind))
    .map((i) => `${i.kind} ${i.file ?? ''}:${i.line ?? ''} ${i.message}`);
  const { match, mismatched } = await compareExpected(spec, built.worktree);
  const commit = await commitFacts(built.worktree, built.head, result);
  return {
    name: spec.name,
    description: spec.description,
    skipped: null,
    expectedTrivial,
    foundTrivial: trivial.length,
    fixedTrivial: trivial.filter((i) => i.fixed).length,
    filesMatch: match,
    mismatched,
    typeErrorsExpected: spec.expect.typeErrors.length,
    typeErrorsAttributed: attributed,
    unexpected,
    commitMessage: commit.message,
    commitOnHead: commit.onHead,
    reconcileMs,
  };
}

async function compareExpected(spec: CaseSpec, worktree: string): Promise<{ match: boolean | null; mismatched: string[] }> {
  const expectedDir = join(spec.dir, 'expected');
  if (!(await pathExists(expectedDir))) return { match: null, mismatched: [] };
  const mismatched: string[] = [];
  for (const file of await listFiles(expectedDir)) {
    const want = await readFile(join(expectedDir, file), 'utf8');
    const got = await readFile(join(worktree, file), 'utf8').catch(() => null);
    if (got !== want) mismatched.push(file);
  }
  return { match: mismatched.length === 0, mismatched };
}

async function commitFacts(worktree: string, head: string, result: ReconcileResult): Promise<{ message: string | null; onHead: boolean | null }> {
  if (!result.fixCommit) return { message: null, onHead: null };
  const message = await commitSubject(worktree, result.fixCommit);
  const parent = await revParse(worktree, `${result.fixCommit}^`);
  return { message, onHead: parent === head };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

function resolveTsc(): string | null {
  try {
    return createRequire(join(packageRoot, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

function emptyOutcome(spec: CaseSpec, skipped: string): CaseOutcome {
  return {
    name: spec.name,
    description: spec.description,
    skipped,
    expectedTrivial: 0,
    foundTrivial: 0,
    fixedTrivial: 0,
    filesMatch: null,
    mismatched: [],
    typeErrorsExpected: 0,
    typeErrorsAttributed: 0,
    unexpected: [],
    commitMessage: null,
    commitOnHead: null,
    reconcileMs: 0,
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Human-readable report for `npm run bench`. */
export function formatMeasurement(m: ReconcileMeasurement): string {
  const lines = [
    `Reconciliation (${m.cases.length - m.skipped} cases run, ${m.skipped} skipped, ${(m.totalMs / 1000).toFixed(1)} s, median reconcile ${m.medianReconcileMs} ms)`,
    `  trivial issues auto-fixed: ${m.trivial.fixed}/${m.trivial.expected} (${m.trivial.percentFixed} %), found ${m.trivial.found}`,
    `  files equal to expected:   ${m.filesMatching.matching}/${m.filesMatching.cases} cases`,
    `  type errors with file, line and both stories: ${m.typeErrors.attributed}/${m.typeErrors.expected} (${m.typeErrors.percentAttributed} %)`,
    `  unexpected flagged issues: ${m.unexpectedFlagged}`,
  ];
  for (const c of m.cases) {
    if (c.skipped) {
      lines.push(`    - ${c.name}: skipped (${c.skipped})`);
      continue;
    }
    const notes = [
      c.expectedTrivial > 0 ? `fixed ${c.fixedTrivial}/${c.expectedTrivial}` : null,
      c.typeErrorsExpected > 0 ? `type errors ${c.typeErrorsAttributed}/${c.typeErrorsExpected}` : null,
      c.filesMatch === false ? `differs: ${c.mismatched.join(', ')}` : null,
      c.unexpected.length > 0 ? `unexpected: ${c.unexpected.join('; ')}` : null,
      `${c.reconcileMs} ms`,
    ].filter((n): n is string => n !== null);
    lines.push(`    - ${c.name}: ${notes.join(', ')}`);
  }
  return lines.join('\n');
}
