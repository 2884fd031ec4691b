/** Longest line kept whole: JSON events are far below it (tool results of a few hundred KB still fit). */
export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

/**
 * Splits a text stream into lines. A line longer than `maxLineChars` is cut
 * and emitted in pieces of that size, so one runaway line (a minified bundle
 * printed to stdout, 50 MB without a newline) costs bounded memory and time
 * linear in its length: a chunk is scanned once, and the unfinished line is
 * kept as a list of parts, joined only when it is emitted.
 */
export class LineSplitter {
  private parts: string[] = [];
  private partsLength = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline === -1) break;
      this.take(chunk.slice(start, newline));
      this.emitPending();
      start = newline + 1;
    }
    if (start < chunk.length) this.take(start === 0 ? chunk : chunk.slice(start));
  }

  /** Emits a final unterminated line, if any. */
  end(): void {
    if (this.partsLength > 0) this.emitPending();
  }

  private take(text: string): void {
    if (text === '') return;
    this.parts.push(text);
    this.partsLength += text.length;
    if (this.partsLength <= this.maxLineChars) return;
    let joined = this.parts.join('');
    while (joined.length > this.maxLineChars) {
      this.onLine(joined.slice(0, this.maxLineChars));
      joined = joined.slice(this.maxLineChars);
    }
    this.parts = joined === '' ? [] : [joined];
    this.partsLength = joined.length;
  }

  private emitPending(): void {
    const line = this.parts.length === 1 ? (this.parts[0] ?? '') : this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
