/**
 * Keeps only the last `maxChars` characters of what is appended, so a chatty
 * agent (or a flood of test output) cannot grow memory without bound.
 */
export class TailBuffer {
  private chunks: string[] = [];
  private length = 0;

  constructor(readonly maxChars: number) {}

  append(text: string): void {
    if (text.length >= this.maxChars) {
      this.chunks = [text.slice(text.length - this.maxChars)];
      this.length = this.maxChars;
      return;
    }
    this.chunks.push(text);
    this.length += text.length;
    while (this.length > this.maxChars && this.chunks.length > 1) {
      const first = this.chunks[0] ?? '';
      const excess = this.length - this.maxChars;
      if (first.length <= excess) {
        this.chunks.shift();
        this.length -= first.length;
      } else {
        this.chunks[0] = first.slice(excess);
        this.length -= excess;
      }
    }
  }

  toString(): string {
    // Joining once and caching keeps repeated reads cheap.
    const joined = this.chunks.join('');
    this.chunks = joined === '' ? [] : [joined];
    return joined;
  }
}
