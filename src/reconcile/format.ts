/**
 * Check 4: the repo's own formatter (`reconcile.format`, e.g. `prettier --write`, `ruff format`) on the batch's
 * files only. The command is the user's configuration and runs with `sh -c`; the file names are passed as
 * positional arguments ("$@"), never spliced into the command string. Files outside the batch that the formatter
 * touches anyway (a formatter that ignores its arguments) are put back.
 */
import { startProcess } from '../agent/run-process.js';
import { modifiedFiles, restoreFromIndex } from '../workspace/working-tree.js';
import { allStories, storiesTouching } from './blame.js';
import { readText } from './tracked-files.js';
import type { ReconcileBatchStory, ReconcileIssue } from './types.js';

export interface FormatOptions {
  dir: string;
  command: string;
  /** Tracked batch files that exist in dir. */
  files: readonly string[];
  batch: readonly ReconcileBatchStory[];
  timeoutMs: number;
  logFile: string | null;
  signal?: AbortSignal;
}

export interface FormatOutcome {
  issues: ReconcileIssue[];
  changedFiles: string[];
  /** Files outside the batch the formatter changed and that were restored. */
  restored: string[];
}

export async function runFormatter(options: FormatOptions): Promise<FormatOutcome> {
  const { dir, files, batch } = options;
  if (files.length === 0) return { issues: [], changedFiles: [], restored: [] };
  const before = new Map<string, string | null>();
  for (const file of files) before.set(file, await readText(dir, file));
  const dirtyBefore = new Set(await modifiedFiles(dir));

  const outcome = await startProcess({
    command: 'sh',
    args: ['-c', `${options.command} "$@"`, 'reconcile-format', ...files],
    cwd: dir,
    env: { CI: 'true' },
    stdin: null,
    timeoutMs: options.timeoutMs,
    logFile: options.logFile,
    logHeader: `# ${new Date().toISOString()} reconcile format $ ${options.command} <${files.length} files>`,
    ...(options.signal ? { signal: options.signal } : {}),
  }).result;

  const inBatch = new Set(files);
  const restored = (await modifiedFiles(dir)).filter((path) => !inBatch.has(path) && !dirtyBefore.has(path));
  await restoreFromIndex(dir, restored);

  const changedFiles: string[] = [];
  for (const file of files) if ((await readText(dir, file)) !== before.get(file)) changedFiles.push(file);

  const issues: ReconcileIssue[] = changedFiles.map((file) => ({
    kind: 'format',
    file,
    line: null,
    message: `${file} was not formatted as \`${options.command}\` wants`,
    suggestion: `reformatted with \`${options.command}\``,
    fixed: true,
    stories: storiesOr(batch, file),
  }));
  if (outcome.spawnError || outcome.exitCode !== 0 || outcome.terminatedBy) {
    const why = outcome.spawnError ? outcome.spawnError.message : outcome.terminatedBy ? `stopped (${outcome.terminatedBy})` : `exit ${outcome.exitCode ?? 'null'}`;
    issues.push({
      kind: 'format',
      file: null,
      line: null,
      message: `formatter \`${options.command}\` failed (${why}): ${outcome.outputTail.trimEnd().split('\n').slice(-3).join(' | ').slice(0, 400)}`,
      suggestion: `run \`${options.command}\` on the batch's files and fix what it complains about (a syntax error, or a file type it does not handle)`,
      fixed: false,
      stories: allStories(batch),
    });
  }
  if (restored.length > 0) {
    issues.push({
      kind: 'format',
      file: null,
      line: null,
      message: `formatter also changed ${restored.length} file(s) outside the batch (${restored.slice(0, 5).join(', ')}); those changes were undone`,
      suggestion: 'make reconcile.format honour the file arguments it is given',
      fixed: true,
      stories: allStories(batch),
    });
  }
  return { issues, changedFiles, restored };
}

function storiesOr(batch: readonly ReconcileBatchStory[], file: string): string[] {
  const touching = storiesTouching(batch, file);
  return touching.length > 0 ? touching : allStories(batch);
}
