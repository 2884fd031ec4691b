/**
 * Why a clean result differs from the human's file. Issue 14 asks that resolutions equal the human's file, but the
 * human resolving a conflict often does more than merge: carries a rename over to the other side's new code, undoes
 * a change of one side, re-runs a formatter. The bench sorts every differing result into one cause, so the share of
 * resolutions that equal the human's file can be read against what a merge could have produced at all.
 *
 * The first two causes are beyond any merge that keeps both sides' changes; they are counted on words (identifiers,
 * numbers, the words of comments and strings, as the judge counts them), not on lines, because a merge does produce
 * lines no input has: one line holding both sides' edits (an import list each side added a name to).
 */
import { count, get, words } from './merge-judge.js';
import type { Counts } from './merge-judge.js';
import { withoutWhitespace } from './merge-replay-corpus.js';

export interface MergeInputs {
  base: string;
  ours: string;
  theirs: string;
}

const wordCounts = (text: string): Counts => count(words(text));

/**
 * Words the human's file has more often than any merge can. Every word of a merge comes from ours or theirs (what
 * only base has, both sides deleted), so a merge holds a word at most ours' count plus theirs' count times. The
 * bound is loose on purpose (a line both sides kept counts twice): what exceeds it is certainly the human's own.
 */
export function humanOnlyWords(human: string, inputs: MergeInputs): string[] {
  const [o, t] = [wordCounts(inputs.ours), wordCounts(inputs.theirs)];
  return [...wordCounts(human)].filter(([w, n]) => n > get(o, w) + get(t, w)).map(([w]) => w).sort();
}

/**
 * Words whose count one side changed and the other side left alone (or changed the same way), which the human's
 * file does not follow: a merge keeps such a change, the human undid it (`+w`: the human kept what a side deleted,
 * `-w`: the human dropped what a side added).
 */
export function undoneWords(human: string, inputs: MergeInputs): string[] {
  const [b, o, t, h] = [inputs.base, inputs.ours, inputs.theirs, human].map(wordCounts) as [Counts, Counts, Counts, Counts];
  const out = new Set<string>();
  for (const w of new Set([...o.keys(), ...t.keys(), ...b.keys()])) {
    const [nb, no, nt, nh] = [get(b, w), get(o, w), get(t, w), get(h, w)];
    if (Math.min(no, nt) >= nb && Math.max(no, nt) > nb && nh < Math.max(no, nt)) out.add(`-${w}`);
    if (Math.max(no, nt) <= nb && Math.min(no, nt) < nb && nh > Math.min(no, nt)) out.add(`+${w}`);
  }
  return [...out].sort();
}

/** The same lines (whitespace removed, blank lines dropped), in another order. */
export function sameLinesReordered(a: string, b: string): boolean {
  const sorted = (t: string): string => withoutWhitespace(t).split('\n').sort().join('\n');
  return sorted(a) === sorted(b);
}

/**
 * The same text but for what formatters change: line breaks, the quotes around strings, a comma before a closing
 * bracket. Approximate (a quote inside a string is changed too); it only sorts results into causes.
 */
export function sameButFormatting(a: string, b: string): boolean {
  const norm = (t: string): string => t.replace(/\s+/g, '').replace(/'/g, '"').replace(/,(?=[)\]}])/g, '');
  return norm(a) === norm(b);
}

export type DifferenceCause = 'human-text' | 'human-undid' | 'order' | 'format' | 'other';

/**
 * Why no merge that keeps both sides' changes produces the human's file, or null when one could: 'human-text', the
 * human's file holds words no merge holds; 'human-undid', the human undid a change of one side that the other side
 * left alone.
 */
export function beyondMerge(human: string, inputs: MergeInputs): 'human-text' | 'human-undid' | null {
  if (humanOnlyWords(human, inputs).length > 0) return 'human-text';
  return undoneWords(human, inputs).length > 0 ? 'human-undid' : null;
}

/**
 * The cause of a difference between a clean result and the human's file: beyond a merge (above); 'order', the
 * human's lines in another order (lines both sides added at one place, a moved import); 'format', the human's text
 * but for formatting (a formatter re-run, line breaks); 'other', the rest.
 */
export function differenceCause(merged: string, human: string, beyond: ReturnType<typeof beyondMerge>): DifferenceCause {
  if (beyond !== null) return beyond;
  if (sameLinesReordered(merged, human)) return 'order';
  return sameButFormatting(merged, human) ? 'format' : 'other';
}
