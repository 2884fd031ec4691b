/** Line splitting that keeps terminators, so joining the pieces gives back the exact bytes. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.split(/(?<=\n)/);
}

export function isBlankLine(line: string): boolean {
  return line.trim() === '';
}
