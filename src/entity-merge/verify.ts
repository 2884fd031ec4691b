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
export async function verifyClean(text: string, lang: LanguageId, inputs: readonly ExtractResult[], from?: ParsedVersion): Promise<Verdict> {
  const merged = await analyse(text, lang, from);
  if (merged.hasErrors) return { ok: false, reason: 'the merged result does not parse' };
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
