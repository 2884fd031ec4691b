import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { markStoryPassed } from '../prd/mark-passed.js';
import { parsePrd } from '../prd/load.js';
import { withProgressEntry } from '../prd/progress.js';
import { formatJson, writeFileAtomic } from '../util/atomic-write.js';
import { readFilesAt } from '../merge/git-objects.js';
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
 * recorded. Null when the branch's log does not extend the base's.
 */
export function appendedProgress(baseText: string | null, branchText: string | null): string | null {
  if (branchText === null) return null;
  const base = baseText ?? '';
  if (!branchText.startsWith(base)) return null;
  const added = branchText.slice(base.length).replace(/^\n+/, '');
  return added.trim() === '' ? null : added;
}

/**
 * Writes the orchestrator's view of prd.json and progress.txt into `dir`
 * (a worktree or the main checkout), based on their content at `baseRev`.
 */
export async function writeOrchestratorFiles(
  ctx: RunContext,
  dir: string,
  baseRev: string,
  storyId: string,
  entryText: string,
): Promise<void> {
  const [prdBlob, progressBlob] = await readFilesAt(dir, [`${baseRev}:${ctx.prdRel}`, `${baseRev}:${ctx.progressRel}`]);
  const prdAtBase = ctx.prdTracked ? (prdBlob ?? null) : await readFile(ctx.prd.path, 'utf8');
  if (prdAtBase !== null) {
    await writeFileAtomic(join(dir, ctx.prdRel), prdWithStoryPassed(prdAtBase, ctx.prd.path, storyId));
  }
  const progressAtBase = ctx.progressTracked
    ? (progressBlob ?? null)
    : await readFile(join(ctx.repoRoot, ctx.progressRel), 'utf8').catch(() => null);
  await writeFileAtomic(join(dir, ctx.progressRel), withProgressEntry(progressAtBase, entryText, new Date()));
}
