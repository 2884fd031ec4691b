/**
 * The few ANSI styles the UI uses, and measuring text as a terminal shows it. Hand-rolled styles rather than a
 * colour library: every caller decides explicitly whether colour is on, so output written to logs, pipes and
 * tests stays plain unless someone asked for it. Widths come from string-width: a CJK character or an emoji
 * takes two columns, a combining mark none, which `.length` gets wrong.
 */
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof CODES;

/** Wraps `text` in the style's escape codes when `enabled`, else returns it unchanged. */
export function paint(style: Style, text: string, enabled: boolean): string {
  if (!enabled || text === '') return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** Removes ANSI escape sequences (colours, cursor moves, links). */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

/** Columns `text` takes on a terminal; escape sequences take none. */
export function visibleWidth(text: string): number {
  return stringWidth(text);
}

/** `text` padded with spaces to `width` columns. */
export function padEndVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Plain `text` cut to at most `width` columns, ending in `…` when cut. Cuts between graphemes, so an emoji or
 * an accented letter is never split. For text without escape sequences (paint after cutting).
 */
export function truncateVisible(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = visibleWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
