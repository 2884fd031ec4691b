/**
 * The complex checks (markers, unmerged paths, type checking, quality gates), run on the tree after the trivial
 * fixes and again after an agent fix-up. Reconciliation flags what these find; it never fixes it by itself.
 */
import { join } from 'node:path';
import { runGates } from '../gates/run-gates.js';
import { allStories } from './blame.js';
import { scanConflictMarkers, scanUnmerged } from './scan-markers.js';
import { detectCheckers } from './typecheck-detect.js';
import { runTypecheck } from './typecheck.js';
import type { DiagnosticsByChecker } from './baseline.js';
import type { Diagnostic } from './typecheck-parse.js';
import { readFromDir } from './tracked-files.js';
import { isFlagged, type ReconcileBatchStory, type ReconcileIssue } from './types.js';

export interface ChecksOptions {
  dir: string;
  repoRoot: string;
  ralphDir: string;
  /** Files to scan for conflict markers. */
  files: readonly string[];
  batch: readonly ReconcileBatchStory[];
  typecheckCommands: readonly string[];
  gates: readonly string[];
  timeoutMs: number;
  /** Cap per gate command (--gate-timeout); the typecheck keeps timeoutMs. */
  gateTimeoutMs?: number;
  logFile: string | null;
  signal?: AbortSignal;
  /** Markers are checked before the trivial fixes on the first pass; the agent pass re-checks them. */
  includeMarkers: boolean;
  /** The type checkers' findings before the batch (asked for only when they report errors). */
  knownBefore?: () => Promise<DiagnosticsByChecker>;
}

export interface ChecksOutcome {
  issues: ReconcileIssue[];
  /** No marker, unmerged path, new type error or failing gate (a missing tool does not fail the checks). */
  passed: boolean;
  /** Every type checker's diagnostics on this tree (checkers that ran). */
  diagnostics: Map<string, Diagnostic[]>;
  /** Type errors that were there before the batch. */
  preexisting: Diagnostic[];
}

export async function runChecks(options: ChecksOptions): Promise<ChecksOutcome> {
  const issues: ReconcileIssue[] = [];
  if (options.includeMarkers) {
    issues.push(...(await scanUnmerged(options.dir, options.batch)));
    issues.push(...(await scanConflictMarkers(readFromDir(options.dir), options.files, options.batch)));
  }
  const plans = await detectCheckers({
    dir: options.dir,
    repoRoot: options.repoRoot,
    cargoTargetDir: join(options.ralphDir, 'reconcile', 'cargo-target'),
    userCommands: options.typecheckCommands,
  });
  const typecheck = await runTypecheck({
    dir: options.dir,
    plans,
    batch: options.batch,
    timeoutMs: options.timeoutMs,
    logFile: options.logFile,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.knownBefore ? { knownBefore: options.knownBefore } : {}),
  });
  issues.push(...typecheck.issues);
  if (options.gates.length > 0 && !options.signal?.aborted) {
    const gates = await runGates([...options.gates], {
      cwd: options.dir,
      timeoutMs: options.gateTimeoutMs ?? options.timeoutMs,
      ...(options.logFile ? { logFile: options.logFile } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const failed = gates.results.find((r) => r.exitCode !== 0);
    if (!gates.passed) {
      const status = !failed ? 'did not finish' : failed.timedOut ? 'timed out' : failed.exitCode === null ? 'was killed' : `exited with code ${failed.exitCode}`;
      const tail = failed?.output.trimEnd().split('\n').slice(-5).join(' | ').slice(0, 600) ?? '';
      issues.push({
        kind: 'gate',
        file: null,
        line: null,
        message: `quality gate \`${failed?.command ?? options.gates.join(' && ')}\` ${status} on the merged result${tail ? `: ${tail}` : ''}`,
        suggestion: `run \`${failed?.command ?? options.gates[0] ?? ''}\` on the integration branch and fix the failure${options.logFile ? ` (full output in ${options.logFile})` : ''}`,
        fixed: false,
        stories: allStories(options.batch),
      });
    }
  }
  const passed = !issues.some((i) => isFlagged(i));
  return { issues, passed, diagnostics: typecheck.diagnostics, preexisting: typecheck.preexisting };
}
