/** Check 3: duplicate imports in the batch's source files, and their fixed text (written back by the caller). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { languageForPath } from '../analysis/index.js';
import { allStories, storiesTouching } from './blame.js';
import { dedupeImports, type DuplicateImport } from './dedupe-imports.js';
import { mayContainMarkers } from './markers.js';
import type { ReadText } from './tracked-files.js';
import type { ReconcileBatchStory, ReconcileIssue } from './types.js';

export interface DedupeFilesOutcome {
  issues: ReconcileIssue[];
  /** The new text of each file to rewrite. */
  fixes: Map<string, string>;
  /** Duplicate statements removed or merged. */
  fixedCount: number;
}

export async function dedupeFiles(read: ReadText, files: readonly string[], batch: readonly ReconcileBatchStory[]): Promise<DedupeFilesOutcome> {
  const issues: ReconcileIssue[] = [];
  const fixes = new Map<string, string>();
  let fixedCount = 0;
  for (const file of files) {
    const lang = languageForPath(file);
    if (!lang) continue;
    const text = await read(file);
    // Files with conflict markers are reported by the marker check; their imports are not trustworthy.
    if (text === null || mayContainMarkers(text)) continue;
    const result = await dedupeImports(text, lang);
    if (result.duplicates.length === 0) continue;
    if (result.changed) fixes.set(file, result.text);
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
  return { issues, fixes, fixedCount };
}

/** Writes the fixed files into the checkout at dir; returns their paths. */
export async function writeFixes(dir: string, fixes: ReadonlyMap<string, string>): Promise<string[]> {
  for (const [file, text] of fixes) await writeFile(join(dir, file), text);
  return [...fixes.keys()];
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
