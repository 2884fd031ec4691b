/**
 * Splits a text stream into lines. A line longer than `maxLineChars` is cut and
 * emitted in pieces so one runaway line cannot exhaust memory; JSON events are
 * far below the default (tool results of a few MB still fit).
 */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars = 16 * 1024 * 1024,
  ) {}

  push(chunk: string): void {
    let text = this.pending + chunk;
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      const end = newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
      this.onLine(text.slice(start, end));
      start = newline + 1;
    }
    text = text.slice(start);
    while (text.length > this.maxLineChars) {
      this.onLine(text.slice(0, this.maxLineChars));
      text = text.slice(this.maxLineChars);
    }
    this.pending = text;
  }

  /** Emits a final unterminated line, if any. */
  end(): void {
    if (this.pending !== '') {
      const line = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
      this.pending = '';
      this.onLine(line);
    }
  }
}
