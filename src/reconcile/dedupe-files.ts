/** Check 3 on disk: de-duplicate imports in the batch's source files, writing the fixed text back. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { languageForPath } from '../analysis/index.js';
import { allStories, storiesTouching } from './blame.js';
import { dedupeImports, type DuplicateImport } from './dedupe-imports.js';
import { mayContainMarkers } from './markers.js';
import { readText } from './tracked-files.js';
import type { ReconcileBatchStory, ReconcileIssue } from './types.js';

export interface DedupeFilesOutcome {
  issues: ReconcileIssue[];
  /** Files rewritten. */
  changedFiles: string[];
  /** Duplicate statements removed or merged. */
  fixedCount: number;
}

export async function dedupeFiles(dir: string, files: readonly string[], batch: readonly ReconcileBatchStory[]): Promise<DedupeFilesOutcome> {
  const issues: ReconcileIssue[] = [];
  const changedFiles: string[] = [];
  let fixedCount = 0;
  for (const file of files) {
    const lang = languageForPath(file);
    if (!lang) continue;
    const text = await readText(dir, file);
    // Files with conflict markers are reported by the marker check; their imports are not trustworthy.
    if (text === null || mayContainMarkers(text)) continue;
    const result = await dedupeImports(text, lang);
    if (result.duplicates.length === 0) continue;
    if (result.changed) {
      await writeFile(join(dir, file), result.text);
      changedFiles.push(file);
    }
    const touching = storiesTouching(batch, file);
    const stories = touching.length > 0 ? touching : allStories(batch);
    for (const dup of result.duplicates) {
      const fixed = dup.action !== 'reported';
      if (fixed) fixedCount += 1;
      issues.push({
        kind: 'duplicate-import',
        file,
        line: dup.line,
        message: `${describe(dup)} from ${quote(dup.module)} imported again (first on line ${dup.firstLine})`,
        suggestion: suggestion(dup),
        fixed,
        stories,
      });
    }
  }
  return { issues, changedFiles, fixedCount };
}

function describe(dup: DuplicateImport): string {
  return dup.names.map((n) => quote(n)).join(', ');
}

function quote(text: string): string {
  return `'${text}'`;
}

function suggestion(dup: DuplicateImport): string {
  switch (dup.action) {
    case 'removed':
      return `removed the duplicate statement on line ${dup.line}`;
    case 'merged':
      return `merged line ${dup.line} into the import on line ${dup.firstLine}`;
    case 'trimmed':
      return `dropped ${describe(dup)} from the import on line ${dup.line}`;
    case 'reported':
      return `remove ${describe(dup)} from the import on line ${dup.line} by hand (not fixed automatically: ${dup.reason ?? 'unsure'})`;
  }
}
