import { InputError } from '../util/errors.js';

/**
 * Parse JSON, reporting a syntax error as `file:line:column: reason`.
 *
 * Node 20's JSON.parse only sometimes says where it failed ("… at position
 * 14"), and for some errors only quotes the text ("Unexpected token ' ', …"),
 * so when it does not say, a small scanner finds where JSON.parse stopped.
 */
export function parseJsonWithLocation(text: string, file: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const offset = positionFromMessage(reason) ?? findJsonErrorOffset(body) ?? body.length;
    const { line, column } = lineAndColumn(body, offset);
    throw new InputError(`${file}:${line}:${column}: ${cleanReason(reason)}`);
  }
}

/** 1-based line and column of a UTF-16 offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function positionFromMessage(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Drop V8's position suffix and quoted copy of the input: we give line:column instead. */
function cleanReason(message: string): string {
  return message
    .replace(/ (?:in JSON )?at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .trim();
}

class JsonScanError extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

/** Offset of the first character JSON.parse rejects, or null if the text is valid. */
export function findJsonErrorOffset(text: string): number | null {
  try {
    let at = skipWhitespace(text, 0);
    at = scanValue(text, at);
    at = skipWhitespace(text, at);
    if (at < text.length) throw new JsonScanError(at);
    return null;
  } catch (error) {
    if (error instanceof JsonScanError) return error.offset;
    // Absurdly deep nesting overflows the recursion: let the caller fall back.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function skipWhitespace(text: string, from: number): number {
  let at = from;
  while (at < text.length && ' \t\n\r'.includes(text[at] ?? '')) at += 1;
  return at;
}

function expect(text: string, at: number, char: string): number {
  if (text[at] !== char) throw new JsonScanError(at);
  return at + 1;
}

function scanValue(text: string, from: number): number {
  const char = text[from];
  if (char === '{') return scanObject(text, from);
  if (char === '[') return scanArray(text, from);
  if (char === '"') return scanString(text, from);
  if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return scanNumber(text, from);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, from)) return from + literal.length;
  }
  // Point at the first character that breaks the literal, as JSON.parse does for "tru ".
  for (const literal of ['true', 'false', 'null']) {
    if (char === literal[0]) {
      let at = from;
      while (at - from < literal.length && text[at] === literal[at - from]) at += 1;
      throw new JsonScanError(at);
    }
  }
  throw new JsonScanError(from);
}

function scanObject(text: string, from: number): number {
  let at = skipWhitespace(text, from + 1);
  if (text[at] === '}') return at + 1;
  for (;;) {
    if (text[at] !== '"') throw new JsonScanError(at);
    at = skipWhitespace(text, scanString(text, at));
    at = skipWhitespace(text, expect(text, at, ':'));
    at = skipWhitespace(text, scanValue(text, at));
    if (text[at] === '}') return at + 1;
    at = skipWhitespace(text, expect(text, at, ','));
  }
}

function scanArray(text: string, from: number): number {
  let at = skipWhitespace(text, from + 1);
  if (text[at] === ']') return at + 1;
  for (;;) {
    at = skipWhitespace(text, scanValue(text, at));
    if (text[at] === ']') return at + 1;
    at = skipWhitespace(text, expect(text, at, ','));
  }
}

function scanString(text: string, from: number): number {
  let at = from + 1;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 0x22) return at + 1;
    if (code < 0x20) throw new JsonScanError(at);
    if (code === 0x5c) {
      const escape = text[at + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) throw new JsonScanError(at + 1);
        at += 6;
        continue;
      }
      if (escape === undefined || !'"\\/bfnrt'.includes(escape)) throw new JsonScanError(at + 1);
      at += 2;
      continue;
    }
    at += 1;
  }
  throw new JsonScanError(text.length);
}

function scanNumber(text: string, from: number): number {
  const pattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (match === null) throw new JsonScanError(from + (text[from] === '-' ? 1 : 0));
  return from + match[0].length;
}
