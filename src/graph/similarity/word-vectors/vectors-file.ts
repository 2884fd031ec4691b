import { readFile } from 'node:fs/promises';

/** A word-vector table held in one flat Float32Array (row r = word r). */
export interface WordVectorTable {
  readonly dimensions: number;
  /** word → row */
  readonly rows: ReadonlyMap<string, number>;
  /** rows × dimensions values */
  readonly values: Float32Array;
  /** Frequency rank of each row's word in the training corpus (0 = most frequent, e.g. "the"). */
  readonly ranks: Int32Array;
}

/**
 * Parse a vectors file in the wink-embeddings format:
 * `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":N,"dimensions":100,
 *   "words":[…],"vectors":{"the":[v0,…,v99,l2norm,rank],…},"unkVector":[…]}`.
 *
 * A byte scanner rather than JSON.parse: JSON.parse of the 307 MB package
 * file takes ≈ 5.5 s and ≈ 1 GB (341k arrays of 102 boxed numbers); the
 * scanner writes straight into one Float32Array (136 MB) and a word → row
 * map. It accepts exactly this layout and says so when it meets another.
 */
export async function readVectorsFile(path: string): Promise<WordVectorTable> {
  return parseVectors(await readFile(path), path);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

export function parseVectors(buf: Buffer, label = 'vectors file'): WordVectorTable {
  const bad = (why: string): Error => new Error(`${label}: not a wink-embeddings vectors file (${why})`);
  const wordsAt = buf.indexOf('"words":[');
  const head = buf.toString('utf8', 0, wordsAt < 0 ? Math.min(buf.length, 4096) : wordsAt);
  const field = (name: string): number => {
    const match = new RegExp(`"${name}":(\\d+)`).exec(head);
    if (match === null) throw bad(`no "${name}" before "words"`);
    return Number(match[1]);
  };
  const dimensions = field('dimensions');
  const normIndex = field('l2NormIndex');
  const rankIndex = field('wordIndex');
  const size = field('size');
  if (dimensions < 1 || normIndex < dimensions || rankIndex < dimensions) throw bad('vector layout');
  const width = Math.max(normIndex, rankIndex) + 1;

  let pos = findVectorsObject(buf);
  if (pos < 0) throw bad('no "vectors" object');
  // A plain Uint8Array view: indexing a Buffer (a subclass) is measurably slower in the hot loop.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  const values = new Float32Array(size * dimensions);
  const ranks = new Int32Array(size);
  const rows = new Map<string, number>();
  const scratch = new Float64Array(width);
  let row = 0;

  while (buf[pos] !== CLOSE_BRACE) {
    if (buf[pos] !== QUOTE) throw bad(`expected a key at byte ${pos}`);
    const keyEnd = closingQuote(buf, pos + 1);
    if (keyEnd < 0) throw bad(`unterminated key at byte ${pos}`);
    const raw = buf.toString('utf8', pos + 1, keyEnd);
    // Only keys with escapes (2 of 341k: a quote and a backslash) need JSON's unescaping.
    const word = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    pos = keyEnd + 1;
    if (buf[pos] !== COLON || buf[pos + 1] !== OPEN_BRACKET) throw bad(`expected :[ at byte ${pos}`);
    pos += 2;
    let count = 0;
    while (true) {
      if (count >= width) throw bad(`vector of "${word}" is longer than ${width}`);
      const end = parseNumber(bytes, pos, scratch, count);
      if (end === pos) throw bad(`expected a number at byte ${pos}`);
      count++;
      pos = end;
      if (bytes[pos] === COMMA) pos++;
      else if (bytes[pos] === CLOSE_BRACKET) break;
      else throw bad(`unexpected byte ${pos} in the vector of "${word}"`);
    }
    if (count !== width) throw bad(`vector of "${word}" has ${count} values, expected ${width}`);
    if (row >= size) throw bad(`more than size = ${size} vectors`);
    for (let d = 0; d < dimensions; d++) values[row * dimensions + d] = scratch[d] as number;
    ranks[row] = scratch[rankIndex] as number;
    rows.set(word, row);
    row++;
    pos++; // past ]
    if (buf[pos] === COMMA) pos++;
    else if (buf[pos] !== CLOSE_BRACE) throw bad(`unexpected byte after the vector of "${word}"`);
  }
  return { dimensions, rows, values: row === size ? values : values.slice(0, row * dimensions), ranks: ranks.slice(0, row) };
}

/** Offset just past `"vectors":{` (the key, not the word "vectors" in the words list, which is followed by a comma). */
function findVectorsObject(buf: Buffer): number {
  const at = buf.indexOf('"vectors":{');
  return at < 0 ? -1 : at + '"vectors":{'.length;
}

/** Index of the quote closing a string whose body starts at `from`, skipping escaped quotes. */
function closingQuote(buf: Buffer, from: number): number {
  let at = buf.indexOf(QUOTE, from);
  while (at >= 0) {
    let slashes = 0;
    for (let k = at - 1; k >= from && buf[k] === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return at;
    at = buf.indexOf(QUOTE, at + 1);
  }
  return -1;
}

/** Exact powers of ten: every one up to 1e22 is a double without rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parse a JSON number at `pos` into out[slot]; returns the offset after it
 * (== pos when there is none). Digits are accumulated as an integer and
 * scaled by one exact power of ten — one correctly rounded division, so the
 * same double as Number() — with a Number() fallback for the rare number
 * this cannot represent exactly (> 15 digits or an exponent beyond ±22).
 */
function parseNumber(bytes: Uint8Array, pos: number, out: Float64Array, slot: number): number {
  let p = pos;
  let negative = false;
  if (bytes[p] === 0x2d) {
    negative = true;
    p++;
  }
  let mantissa = 0;
  let scale = 0;
  let digits = 0;
  let c = bytes[p] as number;
  while (c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    digits++;
    c = bytes[++p] as number;
  }
  if (c === 0x2e) {
    c = bytes[++p] as number;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      scale--;
      digits++;
      c = bytes[++p] as number;
    }
  }
  if (digits === 0) return pos;
  if (c === 0x65 || c === 0x45) {
    c = bytes[++p] as number;
    let expNegative = false;
    if (c === 0x2d || c === 0x2b) {
      expNegative = c === 0x2d;
      c = bytes[++p] as number;
    }
    let exponent = 0;
    while (c >= 0x30 && c <= 0x39) {
      exponent = exponent * 10 + (c - 0x30);
      c = bytes[++p] as number;
    }
    scale += expNegative ? -exponent : exponent;
  }
  if (digits > 15 || scale < -22 || scale > 22) {
    out[slot] = Number(Buffer.from(bytes.buffer, bytes.byteOffset + pos, p - pos).toString('latin1'));
    return p;
  }
  const magnitude = scale < 0 ? mantissa / (POW10[-scale] as number) : mantissa * (POW10[scale] as number);
  out[slot] = negative ? -magnitude : magnitude;
  return p;
}
