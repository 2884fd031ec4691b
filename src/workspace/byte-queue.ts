/**
 * Bytes received and not yet consumed, contiguous for the parser. Appending
 * copies into spare capacity that doubles when full, so a 30 MB blob arriving
 * in 64 KB chunks is copied O(size) times in total, not once per chunk.
 */
export class ByteQueue {
  #bytes: Buffer = Buffer.alloc(0);
  #start = 0;
  #end = 0;

  push(chunk: Buffer): void {
    if (this.#end + chunk.length > this.#bytes.length) {
      const live = this.#end - this.#start;
      const grown = Buffer.allocUnsafe(Math.max(64 * 1024, (live + chunk.length) * 2));
      this.#bytes.copy(grown, 0, this.#start, this.#end);
      this.#bytes = grown;
      this.#start = 0;
      this.#end = live;
    }
    chunk.copy(this.#bytes, this.#end);
    this.#end += chunk.length;
  }

  /** The unconsumed bytes; bytes once viewed are never overwritten. */
  view(): Buffer {
    return this.#bytes.subarray(this.#start, this.#end);
  }

  consume(count: number): void {
    this.#start = Math.min(this.#start + count, this.#end);
    // Parsers hand out views into consumed bytes (a blob's content): those bytes are never written again,
    // so an empty queue starts on fresh memory instead of rewinding.
    if (this.#start === this.#end) {
      this.#bytes = Buffer.alloc(0);
      this.#start = 0;
      this.#end = 0;
    }
  }
}
