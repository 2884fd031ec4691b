/** The exact line an agent prints, as its last line, when the story is done. */
export const COMPLETION_MARKER = '<promise>COMPLETE</promise>';

export function lastNonEmptyLine(text: string): string | null {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim() ?? '';
    if (line !== '') return line;
  }
  return null;
}

/**
 * Only the last non-empty line of the final assistant text counts: the marker
 * also appears in echoed prompts and in prose ("I won't print <promise>…"),
 * which must not end a story early.
 */
export function hasCompletionMarker(finalText: string | null): boolean {
  if (finalText === null) return false;
  return lastNonEmptyLine(finalText) === COMPLETION_MARKER;
}
