/**
 * Leftover conflict markers in one file's text. Pure. A `=======` line alone is markdown (setext heading) or
 * ASCII art, so it only counts between an opening `<<<<<<<` and a closing `>>>>>>>`.
 */

export interface MarkerHit {
  /** 1-based line of the opening marker (or of a stray closer). */
  line: number;
  /** Lines of the block, e.g. `lines 12–20`. */
  endLine: number | null;
  kind: 'block' | 'unclosed' | 'stray-close';
}

const OPEN = /^<{7}(?: |$)/;
const CLOSE = /^>{7}(?: |$)/;

export function findConflictMarkers(text: string): MarkerHit[] {
  const lines = text.split(/\r?\n/);
  const hits: MarkerHit[] = [];
  let open: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (OPEN.test(line)) {
      if (open !== null) hits.push({ line: open, endLine: null, kind: 'unclosed' });
      open = i + 1;
    } else if (CLOSE.test(line)) {
      if (open !== null) hits.push({ line: open, endLine: i + 1, kind: 'block' });
      else hits.push({ line: i + 1, endLine: null, kind: 'stray-close' });
      open = null;
    }
    // `=======` / `|||||||` need no check of their own: inside a block the opener is reported, outside it is not a conflict.
  }
  if (open !== null) hits.push({ line: open, endLine: null, kind: 'unclosed' });
  return hits;
}

/** Cheap pre-filter before splitting a file into lines. */
export function mayContainMarkers(text: string): boolean {
  return /^(?:<{7}|>{7})(?: |$)/m.test(text);
}
