/**
 * Reconciliation of the integration branch after a batch of merges: conflict markers, duplicate imports (fixed),
 * formatting (fixed), type checking and quality gates (flagged), and optionally one agent fix-up. Trivial fixes
 * land in one `reconcile: …` commit on top of head; the caller moves the integration ref to `fixCommit`.
 */
import { join } from 'node:path';
import { readBlobsUpTo } from '../workspace/git-objects.js';
import { revParse } from '../workspace/git.js';
import { agentFixUp } from './agent-fix.js';
import { allStories } from './blame.js';
import type { TypecheckBaseline } from './baseline.js';
import { runChecks, type ChecksOptions } from './checks.js';
import { detectCheckers } from './typecheck-detect.js';
import type { Diagnostic } from './typecheck-parse.js';
import { runTypecheck } from './typecheck.js';
import { dedupeFiles, writeFixes } from './dedupe-files.js';
import { trivialFixMessage } from './fix-commit.js';
import { commitPaths } from '../workspace/working-tree.js';
import { runFormatter } from './format.js';
import { reconcileFromObjects } from './from-objects.js';
import { benchWithout } from '../workspace/bench-switches.js';
import { scanConflictMarkers, scanUnmerged } from './scan-markers.js';
import { MAX_TEXT_BYTES, readFromDir, trackedFiles } from './tracked-files.js';
import { countIssues, isFlagged, type ReconcileIssue, type ReconcileOptions, type ReconcileResult } from './types.js';

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { ctx, head, batch } = options;
  ctx.bus.emit({ type: 'reconcile:start', stories: allStories(batch) });
  const issues: ReconcileIssue[] = [];
  try {
    const result = await run(options, issues);
    finish(options, result.issues);
    return result;
  } catch (error) {
    // The UI waits for reconcile:done; report what was found, then let the caller handle the failure.
    ctx.bus.emit({ type: 'warning', message: `reconciliation of ${head.slice(0, 8)} failed: ${error instanceof Error ? error.message : String(error)}` });
    finish(options, issues);
    throw error;
  }
}

function finish(options: ReconcileOptions, issues: readonly ReconcileIssue[]): void {
  for (const issue of issues) {
    options.ctx.bus.emit({ type: 'reconcile:issue', kind: issue.kind, file: issue.file, line: issue.line, message: issue.message, fixed: issue.fixed, flagged: isFlagged(issue), stories: issue.stories });
  }
  options.ctx.bus.emit({ type: 'reconcile:done', ...countIssues(issues) });
}

async function run(options: ReconcileOptions, issues: ReconcileIssue[]): Promise<ReconcileResult> {
  const { ctx, head, batch } = options;
  const { settings, signal } = ctx;
  const batchFiles = [...new Set(batch.flatMap((s) => s.files))];
  const given = options.dir;
  // A checkout asked for (not given) holds head afresh, and is asked for only when needed.
  const checkedOutForThis = typeof given !== 'string';
  if (checkedOutForThis && !benchWithout('from-objects')) {
    // Only text is checked: a large asset is sized, never read, and Ctrl-C ends the read of the rest.
    const readBlobs = (specs: readonly string[]) => readBlobsUpTo(ctx.repoRoot, specs, MAX_TEXT_BYTES, signal);
    const found = await reconcileFromObjects({ settings, head, batch, files: batchFiles, readBlobs });
    if (found) {
      issues.push(...found);
      return resultOf(issues, null);
    }
  }
  const dir = typeof given === 'string' ? given : await given();
  const actual = await revParse(dir, 'HEAD');
  if (actual !== head) throw new Error(`reconcile: ${dir} has ${actual ?? 'no commit'} checked out, expected ${head}`);
  const logFile = join(ctx.logDir, `reconcile-${head.slice(0, 12)}.log`);
  const timeoutMs = settings.agentTimeout * 1000;
  const files = batchFiles.length > 0 ? await trackedFiles(dir, batchFiles) : [];
  const read = readFromDir(dir);

  // 1. markers and unmerged paths, on the merged head as it is (none can be unmerged in a fresh checkout).
  if (!checkedOutForThis) issues.push(...(await scanUnmerged(dir, batch)));
  issues.push(...(await scanConflictMarkers(read, files, batch)));

  // 3–4. trivial fixes in the worktree, then one commit.
  const dedupe = await dedupeFiles(read, files, batch);
  issues.push(...dedupe.issues);
  const deduped = await writeFixes(dir, dedupe.fixes);
  let formatted: string[] = [];
  if (settings.reconcileFormat && !signal.aborted) {
    const format = await runFormatter({ dir, command: settings.reconcileFormat, files, batch, timeoutMs, logFile, signal });
    issues.push(...format.issues);
    formatted = format.changedFiles;
  }
  const trivialPaths = [...new Set([...deduped, ...formatted])];
  let fixCommit = trivialPaths.length > 0 ? await commitPaths(dir, trivialPaths, trivialFixMessage(dedupe.fixedCount, formatted.length)) : null;

  // 2 and 5. type checking and the quality gates on the fixed tree.
  const checked = fixCommit ?? head;
  const knownBefore = options.baseline ? baselineReader(options.baseline, checked, settings.reconcileTypecheck, ctx.repoRoot, ctx.ralphDir, timeoutMs, signal) : undefined;
  const checkOptions: ChecksOptions = {
    dir,
    repoRoot: ctx.repoRoot,
    ralphDir: ctx.ralphDir,
    files,
    batch,
    typecheckCommands: settings.reconcileTypecheck,
    gates: settings.gates,
    timeoutMs,
    gateTimeoutMs: settings.gateTimeout * 1000,
    logFile,
    signal,
    includeMarkers: false,
    ...(knownBefore ? { knownBefore } : {}),
  };
  if (!signal.aborted) {
    const checks = await runChecks(checkOptions);
    issues.push(...checks.issues);
    if (options.baseline) {
      if (checks.preexisting.length > 0 && options.baseline.record.takeReport()) issues.push(onBaseIssue(checks.preexisting, options.baseline.base));
      options.baseline.record.remember(checked, checks.diagnostics);
    }
  }

  const open = issues.filter(isFlagged);
  if (settings.reconcileFixWithAgent && open.length > 0 && !signal.aborted) {
    const base = fixCommit ?? head;
    const outcome = await agentFixUp({
      adapter: ctx.adapter,
      dir,
      base,
      issues: open,
      batch,
      timeoutMs,
      logFile: join(ctx.logDir, `reconcile-${head.slice(0, 12)}-agent.log`),
      model: settings.model,
      extraArgs: settings.agentArgs,
      signal,
      verify: async (touched) => (await runChecks({ ...checkOptions, files: [...new Set([...files, ...touched])], includeMarkers: true })).passed,
    });
    if (outcome.commit) {
      fixCommit = outcome.commit;
      for (const issue of open) {
        issue.fixed = true;
        issue.suggestion = `fixed by the agent fix-up (${outcome.commit.slice(0, 8)}); was: ${issue.suggestion}`;
      }
    } else {
      ctx.bus.emit({ type: 'warning', message: `reconcile agent fix-up not kept: ${outcome.reason}` });
    }
  }
  return resultOf(issues, fixCommit);
}

function resultOf(issues: ReconcileIssue[], fixCommit: string | null): ReconcileResult {
  const counts = countIssues(issues);
  return { issues, autoFixed: counts.autoFixed, flagged: counts.flagged, fixCommit };
}

/**
 * The type checkers' findings at the batch's base: from the run's record when
 * it has them (the last batch's head), else by checking the base out in the
 * reconciliation checkout, type-checking it and putting `current` back. Asked
 * for only when the batch's tree has errors, so a clean batch costs nothing.
 */
function baselineReader(
  baseline: { base: string; record: TypecheckBaseline; checkoutAt: (commit: string) => Promise<string> },
  current: string,
  userCommands: readonly string[],
  repoRoot: string,
  ralphDir: string,
  timeoutMs: number,
  signal: AbortSignal,
): () => Promise<ReadonlyMap<string, readonly Diagnostic[]>> {
  return async () => {
    const known = baseline.record.at(baseline.base);
    if (known) return known;
    const dir = await baseline.checkoutAt(baseline.base);
    try {
      const plans = await detectCheckers({ dir, repoRoot, cargoTargetDir: join(ralphDir, 'reconcile', 'cargo-target'), userCommands });
      const outcome = await runTypecheck({ dir, plans, batch: [], timeoutMs, logFile: null, signal });
      baseline.record.remember(baseline.base, outcome.diagnostics);
      return outcome.diagnostics;
    } finally {
      await baseline.checkoutAt(current);
    }
  };
}

/** Errors already on the base: said once per run, blamed on no story. */
function onBaseIssue(preexisting: readonly Diagnostic[], base: string): ReconcileIssue {
  const shown = preexisting.slice(0, 3).map((d) => `${d.file}:${d.line}${d.code ? ` ${d.code}` : ''} ${d.message}`);
  const more = preexisting.length > shown.length ? `; and ${preexisting.length - shown.length} more` : '';
  return {
    kind: 'on-base',
    file: null,
    line: null,
    message: `${preexisting.length} type error${preexisting.length === 1 ? '' : 's'} already on the base (${base.slice(0, 8)}, before these stories): ${shown.join('; ')}${more}`,
    suggestion: 'not caused by any story of this run, so not blamed; fix them on their own',
    fixed: false,
    stories: [],
  };
}
