/**
 * The few ANSI styles the UI uses. Hand-rolled rather than pulling in a colour
 * library: every caller decides explicitly whether colour is on, so output
 * written to logs, pipes and tests stays plain unless someone asked for it.
 */

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

// CSI sequences (colours, cursor moves, erase) and OSC sequences.
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** Removes ANSI escape sequences; used to measure visible width and by tests. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

/** Visible width of a string that may contain ANSI codes. */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}
