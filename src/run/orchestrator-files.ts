import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { markStoryPassed } from '../prd/mark-passed.js';
import { parsePrd } from '../prd/load.js';
import { PROGRESS_HEADER, withProgressEntry } from '../prd/progress.js';
import { formatJson, writeFileAtomic } from '../util/atomic-write.js';
import { readFilesAt } from '../workspace/git-objects.js';
import type { RunContext } from './context.js';

/**
 * prd.json and progress.txt belong to the orchestrator. Whatever an agent did
 * to them, the version written here is computed from a known base: the base
 * commit's prd.json with this story marked passing, and the base progress log
 * with this story's entry appended. Merges repeat the same computation on the
 * integration head, so parallel stories never conflict on these files.
 */

export function prdWithStoryPassed(prdText: string, file: string, storyId: string): string {
  const { raw } = parsePrd(prdText, file);
  return formatJson(markStoryPassed(raw, storyId));
}

/**
 * Text a branch appended to progress.txt relative to `base`: what the story
 * recorded. Null when the branch's log does not extend the base's. Where the
 * base had no log, the branch's starts with the header its own write created:
 * that is not the story's to append — the log it lands in has (or gets) one.
 */
export function appendedProgress(baseText: string | null, branchText: string | null): string | null {
  if (branchText === null) return null;
  const base = baseText ?? '';
  if (!branchText.startsWith(base)) return null;
  const tail = branchText.slice(base.length);
  const added = (baseText === null ? withoutHeader(tail) : tail).replace(/^\n+/, '');
  return added.trim() === '' ? null : added;
}

/** The log without the header block withProgressEntry starts a new log with (up to its `---` line). */
function withoutHeader(log: string): string {
  if (!log.startsWith(`${PROGRESS_HEADER}\n`)) return log;
  const end = log.indexOf('\n---\n');
  return end === -1 ? log : log.slice(end + '\n---\n'.length);
}

/** What writeOrchestratorFiles wrote, so the merge need not read it back from git. */
export interface WrittenOrchestratorFiles {
  /** Tracked orchestrator files as the story's commit holds them: repo-relative path → content. */
  contents: ReadonlyMap<string, string>;
  /** The text the story appended to progress.txt. */
  appendedProgress: string | null;
}

/**
 * Writes the orchestrator's view of prd.json and progress.txt into `ws.cwd`
 * (a worktree or the main checkout), based on their content at `ws.baseRev`.
 */
export async function writeOrchestratorFiles(
  ctx: RunContext,
  ws: { cwd: string; baseRev: string; knownAtBase?: (path: string) => string | null | undefined },
  storyId: string,
  entryText: string,
): Promise<WrittenOrchestratorFiles> {
  const { cwd: dir, baseRev } = ws;
  const contents = new Map<string, string>();
  // Untracked files are read from the main checkout below: no blob to look up.
  const known = (path: string): string | null | undefined =>
    (path === ctx.prdRel && !ctx.prdTracked) || (path === ctx.progressRel && !ctx.progressTracked) ? null : ws.knownAtBase?.(path);
  const [prdBlob, progressBlob] = await atBase(dir, baseRev, [ctx.prdRel, ctx.progressRel], known);
  const prdAtBase = ctx.prdTracked ? (prdBlob ?? null) : await readFile(ctx.prd.path, 'utf8');
  if (prdAtBase !== null) {
    const prdText = prdWithStoryPassed(prdAtBase, ctx.prd.path, storyId);
    await writeFileAtomic(join(dir, ctx.prdRel), prdText);
    if (ctx.prdTracked) contents.set(ctx.prdRel, prdText);
  }
  const progressAtBase = ctx.progressTracked
    ? (progressBlob ?? null)
    : await readFile(join(ctx.repoRoot, ctx.progressRel), 'utf8').catch(() => null);
  const progressText = withProgressEntry(progressAtBase, entryText, new Date());
  await writeFileAtomic(join(dir, ctx.progressRel), progressText);
  if (ctx.progressTracked) contents.set(ctx.progressRel, progressText);
  return { contents, appendedProgress: appendedProgress(progressAtBase, progressText) };
}

/** Contents at baseRev: the known ones as given, the rest in one read. */
async function atBase(dir: string, baseRev: string, paths: readonly string[], known: (path: string) => string | null | undefined): Promise<(string | null)[]> {
  const given = paths.map((path) => known(path));
  const missing = paths.filter((_, i) => given[i] === undefined);
  const read = await readFilesAt(dir, missing.map((path) => `${baseRev}:${path}`));
  return given.map((value, i) => (value === undefined ? (read[missing.indexOf(paths[i] as string)] ?? null) : value));
}
