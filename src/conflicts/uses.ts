/**
 * Where one branch's edits touch references to names (by name, within the grammar's identifiers): the uses its
 * new lines make, and the existing uses (base lines) it rewrote or removed. Uses inside import statements are
 * skipped: adding or editing an import is not a call.
 */
import type { FileAnalysis } from '../analysis/pool/types.js';
import { newLines, oldLines } from './new-lines.js';
import type { AnalysisLookup } from './reference-rule.js';
import type { Side } from './types.js';
import type { VersionedFiles } from './versions.js';

export interface NewUse {
  path: string;
  lines: number[];
}

export interface OldUse {
  path: string;
  line: number;
}

function importLines(result: FileAnalysis): Set<number> {
  const out = new Set<number>();
  for (const e of result.entities) if (e.family === 'import') for (let l = e.startLine; l <= e.endLine; l++) out.add(l);
  return out;
}

/** Identifier uses on the given lines, outside imports, as name → lines. */
function usesOn(result: FileAnalysis, lines: ReadonlySet<number>): Map<string, number[]> {
  const imports = importLines(result);
  const out = new Map<string, number[]>();
  for (const use of result.identifiers) {
    if (!lines.has(use.line) || imports.has(use.line)) continue;
    const list = out.get(use.name) ?? [];
    list.push(use.line);
    out.set(use.name, list);
  }
  return out;
}

/** Without a parse every word counts: over-reporting old uses only keeps more changes counted as contract changes. */
function wordsOn(text: string, lines: ReadonlySet<number>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  text.split('\n').forEach((line, i) => {
    if (!lines.has(i + 1)) return;
    for (const word of line.match(/[A-Za-z_$][\w$]*/g) ?? []) {
      const list = out.get(word) ?? [];
      list.push(i + 1);
      out.set(word, list);
    }
  });
  return out;
}

/** name → where the branch's new lines use it. */
export function newUses(files: VersionedFiles, analysis: AnalysisLookup, side: Side): Map<string, NewUse[]> {
  const out = new Map<string, NewUse[]>();
  for (const path of files.changedBy(side)) {
    const text = files.content(side, path);
    const result = analysis(side, path);
    if (text === null || !result) continue;
    for (const [name, lines] of usesOn(result, newLines(files.content('base', path), text))) {
      const list = out.get(name) ?? [];
      list.push({ path, lines });
      out.set(name, list);
    }
  }
  return out;
}

/** name → base lines using it that the branch rewrote or removed (files it deleted included). */
export function oldUses(files: VersionedFiles, analysis: AnalysisLookup, side: Side): Map<string, OldUse[]> {
  const out = new Map<string, OldUse[]>();
  for (const path of files.changedBy(side)) {
    const base = files.content('base', path);
    if (base === null) continue;
    const gone = oldLines(base, files.content(side, path));
    const result = analysis('base', path);
    for (const [name, lines] of result ? usesOn(result, gone) : wordsOn(base, gone)) {
      const list = out.get(name) ?? [];
      for (const line of lines) list.push({ path, line });
      out.set(name, list);
    }
  }
  return out;
}
