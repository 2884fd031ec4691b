/** Line bookkeeping over a source string (offsets are JS string indices, as web-tree-sitter reports them). */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly starts: number[];

  constructor(readonly source: string) {
    this.starts = [0];
    for (let i = 0; i < source.length; i++) {
      if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based row containing an offset (an offset at a line start belongs to that line). */
  rowOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(row: number): number {
    return this.starts[row] ?? this.source.length;
  }

  /** Offset just past the row's newline (or the end of the source on the last line). */
  lineEndInclusive(row: number): number {
    return this.starts[row + 1] ?? this.source.length;
  }

  /** Offset of the row's newline character (or the end of the source). */
  lineEndExclusive(row: number): number {
    const next = this.starts[row + 1];
    return next === undefined ? this.source.length : next - 1;
  }
}

/** Collapse runs of whitespace so that formatting-only differences hash alike. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
