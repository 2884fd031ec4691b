/** Runs the detected (or configured) type checkers in the reconciliation worktree and turns their output into issues. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess } from '../agent/run-process.js';
import { splitByBaseline, type DiagnosticsByChecker } from './baseline.js';
import { storiesForError, allStories } from './blame.js';
import { importBindings } from './import-bindings.js';
import type { CheckerPlan } from './typecheck-detect.js';
import { parseAny, parseCargo, parseMypy, parseTsc, toRepoPath, type Diagnostic } from './typecheck-parse.js';
import type { ReconcileBatchStory, ReconcileIssue } from './types.js';

/** Enough output to parse hundreds of diagnostics; a longer tail is cut from the front. */
const OUTPUT_CHARS = 256 * 1024;
/** More than this many type errors are summarised: the rest are in the log. */
const MAX_TYPE_ISSUES = 50;

export interface TypecheckRunOptions {
  dir: string;
  plans: readonly CheckerPlan[];
  batch: readonly ReconcileBatchStory[];
  timeoutMs: number;
  logFile: string | null;
  signal?: AbortSignal;
  /**
   * What the checkers reported before the batch, asked for only once a
   * checker reports errors: those are not the batch's (see baseline.ts).
   */
  knownBefore?: () => Promise<DiagnosticsByChecker>;
}

export interface TypecheckOutcome {
  issues: ReconcileIssue[];
  /** No checker reported anything new (missing ones and errors already there before do not count against it). */
  passed: boolean;
  /** Checkers that ran, for the report. */
  ran: string[];
  /** Everything each checker that ran reported, the next batch's baseline. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Errors that were already there before the batch: reported, never blamed. */
  preexisting: Diagnostic[];
}

export async function runTypecheck(options: TypecheckRunOptions): Promise<TypecheckOutcome> {
  const issues: ReconcileIssue[] = [];
  const ran: string[] = [];
  const diagnosticsBy = new Map<string, Diagnostic[]>();
  const preexisting: Diagnostic[] = [];
  let known: DiagnosticsByChecker | null = null;
  let passed = true;
  for (const plan of options.plans) {
    if (options.signal?.aborted) break;
    if (plan.kind === 'missing') {
      issues.push(missingIssue(plan.label, plan.marker, plan.looked, options.batch));
      continue;
    }
    const outcome = await startProcess({
      command: plan.command,
      args: plan.args,
      cwd: options.dir,
      env: { CI: 'true', NO_COLOR: '1', ...plan.env },
      stdin: null,
      timeoutMs: options.timeoutMs,
      logFile: options.logFile,
      logHeader: `# ${new Date().toISOString()} reconcile typecheck $ ${plan.label}`,
      tailChars: OUTPUT_CHARS,
      ...(options.signal ? { signal: options.signal } : {}),
    }).result;
    if (outcome.spawnError) {
      issues.push(missingIssue(plan.label, null, [plan.command], options.batch, outcome.spawnError.message));
      continue;
    }
    ran.push(plan.label);
    diagnosticsBy.set(plan.label, []);
    if (outcome.exitCode === 0 && outcome.terminatedBy === null) continue;
    const parse = plan.name === 'tsc' ? parseTsc : plan.name === 'mypy' ? parseMypy : plan.name === 'cargo' ? parseCargo : parseAny;
    const all = parse(outcome.outputTail).map((d) => ({ ...d, file: toRepoPath(d.file, options.dir) }));
    diagnosticsBy.set(plan.label, all);
    let diagnostics = all;
    if (all.length > 0 && options.knownBefore) {
      known ??= await options.knownBefore();
      const split = splitByBaseline(all, known.get(plan.label) ?? []);
      preexisting.push(...split.old);
      diagnostics = split.fresh;
      if (diagnostics.length === 0) continue;
    }
    passed = false;
    if (diagnostics.length === 0) {
      const why = outcome.terminatedBy ? `was stopped (${outcome.terminatedBy})` : `exited with code ${outcome.exitCode ?? 'null'}`;
      issues.push({
        kind: 'typecheck',
        file: null,
        line: null,
        message: `${plan.label} ${why}: ${lastLines(outcome.outputTail, 5) || '(no output)'}`,
        suggestion: `run \`${plan.label}\` in the integration branch and fix what it reports`,
        fixed: false,
        stories: allStories(options.batch),
      });
      continue;
    }
    issues.push(...(await diagnosticIssues(plan.label, diagnostics, options)));
  }
  return { issues, passed, ran, diagnostics: diagnosticsBy, preexisting };
}

async function diagnosticIssues(label: string, diagnostics: Diagnostic[], options: TypecheckRunOptions): Promise<ReconcileIssue[]> {
  const issues: ReconcileIssue[] = [];
  const files = new Map<string, { text: string | null; bindings: Map<string, string> }>();
  for (const d of diagnostics.slice(0, MAX_TYPE_ISSUES)) {
    let info = files.get(d.file);
    if (!info) {
      const text = await readFile(join(options.dir, d.file), 'utf8').catch(() => null);
      const bindings = text === null ? new Map<string, string>() : await importBindings(d.file, text).catch(() => new Map<string, string>());
      info = { text, bindings };
      files.set(d.file, info);
    }
    const lineText = info.text?.split('\n')[d.line - 1] ?? null;
    const stories = storiesForError(options.batch, { file: d.file, message: d.message, lineText, importSources: info.bindings });
    issues.push({
      kind: 'typecheck',
      file: d.file,
      line: d.line,
      message: `${d.code ? `${d.code}: ` : ''}${d.message}`,
      suggestion:
        stories.length > 1
          ? `the merges of ${stories.join(' and ')} do not fit together here: update ${d.file}:${d.line} to match the other story's change`
          : `fix ${d.file}:${d.line} (reported by ${label})`,
      fixed: false,
      stories,
    });
  }
  if (diagnostics.length > MAX_TYPE_ISSUES) {
    issues.push({
      kind: 'typecheck',
      file: null,
      line: null,
      message: `${diagnostics.length - MAX_TYPE_ISSUES} more errors from ${label} not listed`,
      suggestion: options.logFile ? `see ${options.logFile}` : `run \`${label}\``,
      fixed: false,
      stories: allStories(options.batch),
    });
  }
  return issues;
}

function missingIssue(label: string, marker: string | null, looked: readonly string[], batch: readonly ReconcileBatchStory[], detail?: string): ReconcileIssue {
  return {
    kind: 'tool-missing',
    file: marker,
    line: null,
    message: `${label} not available${marker ? ` (the repo has ${marker})` : ''}${detail ? `: ${detail}` : ''}: type checking skipped`,
    suggestion: `install it where ralph-wt looks (${looked.join(', ')}) or set reconcile.typecheck in .ralphrc`,
    fixed: false,
    stories: allStories(batch),
  };
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join(' | ').slice(0, 500);
}
