/** Check 1: conflict markers left in files and paths git still reports unmerged. */
import { unmergedPaths } from '../workspace/working-tree.js';
import { storiesTouching, allStories } from './blame.js';
import { findConflictMarkers, mayContainMarkers } from './markers.js';
import type { ReadText } from './tracked-files.js';
import type { ReconcileBatchStory, ReconcileIssue } from './types.js';

/**
 * Only `files` are scanned (the batch's tracked files): markers can only have been introduced by a merge that
 * changed the file, and repositories keep conflict-marker samples in fixtures and docs that must not be flagged
 * at every reconciliation.
 */
export async function scanConflictMarkers(read: ReadText, files: readonly string[], batch: readonly ReconcileBatchStory[]): Promise<ReconcileIssue[]> {
  const issues: ReconcileIssue[] = [];
  for (const file of files) {
    const text = await read(file);
    if (text === null || !mayContainMarkers(text)) continue;
    for (const hit of findConflictMarkers(text)) {
      const where = hit.endLine ? `lines ${hit.line}-${hit.endLine}` : `line ${hit.line}`;
      const what =
        hit.kind === 'block' ? 'conflict block (<<<<<<< … >>>>>>>)' : hit.kind === 'unclosed' ? '<<<<<<< without a closing >>>>>>>' : '>>>>>>> without an opening <<<<<<<';
      issues.push({
        kind: 'conflict-marker',
        file,
        line: hit.line,
        message: `leftover ${what} at ${where}`,
        suggestion: `resolve the conflict in ${file} (${where}): keep the intended side(s) and delete the marker lines`,
        fixed: false,
        stories: withFallback(storiesTouching(batch, file), batch),
      });
    }
  }
  return issues;
}

export async function scanUnmerged(dir: string, batch: readonly ReconcileBatchStory[]): Promise<ReconcileIssue[]> {
  const paths = await unmergedPaths(dir);
  return paths.map((file) => ({
    kind: 'unmerged' as const,
    file,
    line: null,
    message: `git reports ${file} as unmerged`,
    suggestion: `resolve ${file}, then \`git add ${file}\``,
    fixed: false,
    stories: withFallback(storiesTouching(batch, file), batch),
  }));
}

function withFallback(stories: string[], batch: readonly ReconcileBatchStory[]): string[] {
  return stories.length > 0 ? stories : allStories(batch);
}
