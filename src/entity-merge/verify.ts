/**
 * Stage 8: never hand out a clean result that was not re-parsed. A clean result must parse without ERROR/MISSING
 * nodes, define no key twice unless an input did (both sides adding `computeKey` at different places), and keep
 * every entity all three inputs had. Each side of a conflicted result must parse too, so resolving by taking one
 * side yields valid code.
 */
import { flattenEntities } from '../analysis/extract.js';
import type { ExtractResult, LanguageId } from '../analysis/types.js';
import { sideOfConflicts } from './markers.js';
import { analyse } from './parse.js';
import type { ParsedVersion } from './parse.js';

export type Verdict = { ok: true } | { ok: false; reason: string };

function keySet(r: ExtractResult): Set<string> {
  return new Set(flattenEntities(r.entities).map((e) => e.key));
}

/** `from`: an input version to re-parse incrementally from (still a complete parse of `text`). */
/** How many import statements bind each local name, per scope (`parentKey\0name`). */
function importBindings(r: ExtractResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of flattenEntities(r.entities)) {
    for (const name of e.imports?.names ?? []) {
      const k = `${e.parentKey ?? ''}\u0000${name}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Both sides rewrote one import differently (`from flaskr import app` → `from flaskr.flaskr import app` vs
 * `from .flaskr import app`): the statements have different sources, hence different keys, and both would be
 * emitted, importing `app` twice. A name bound by more import statements than in any input is a conflict.
 */
function duplicateImport(merged: ExtractResult, inputs: readonly ExtractResult[]): string | null {
  const inputCounts = inputs.map(importBindings);
  for (const [k, n] of importBindings(merged)) {
    if (n > 1 && !inputCounts.some((c) => (c.get(k) ?? 0) >= n)) return k.slice(k.indexOf('\u0000') + 1);
  }
  return null;
}

export async function verifyClean(text: string, lang: LanguageId, inputs: readonly ExtractResult[], from?: ParsedVersion): Promise<Verdict> {
  const merged = await analyse(text, lang, from);
  if (merged.hasErrors) return { ok: false, reason: 'the merged result does not parse' };
  const twice = duplicateImport(merged, inputs);
  if (twice !== null) return { ok: false, reason: `the merged result imports ${twice} twice` };
  const mergedKeys = keySet(merged);
  const inputKeys = inputs.map(keySet);
  for (const key of mergedKeys) {
    // Ordinals > 0 mean a second definition with the same name in one scope.
    if (!/#0$/.test(key) && !inputKeys.some((k) => k.has(key))) {
      return { ok: false, reason: `the merged result defines ${key.replace(/#\d+$/, '')} twice` };
    }
  }
  const [first, ...rest] = inputKeys;
  for (const key of first ?? []) {
    if (rest.every((k) => k.has(key)) && !mergedKeys.has(key)) return { ok: false, reason: `the merged result lost ${key}, which all versions had` };
  }
  return { ok: true };
}

export async function verifyConflictSides(text: string, lang: LanguageId, from: Partial<Record<'ours' | 'theirs', ParsedVersion>> = {}): Promise<Verdict> {
  for (const side of ['ours', 'theirs'] as const) {
    const r = await analyse(sideOfConflicts(text, side), lang, from[side]);
    if (r.hasErrors) return { ok: false, reason: `the ${side} side of the conflicted result does not parse` };
  }
  return { ok: true };
}
