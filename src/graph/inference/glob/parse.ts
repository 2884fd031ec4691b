import { ANY_CHAR, literal, type CharSet } from './charset.js';

/** One position of a segment pattern: a character from a set, or `*`. */
export type Token = { kind: 'char'; set: CharSet } | { kind: 'star' };

/** A path segment: `**` (zero or more whole segments) or a segment pattern. */
export type Segment = { kind: 'globstar' } | { kind: 'pattern'; tokens: readonly Token[] };

/** More alternatives than this and a brace group is read as `*` (still sound, just coarser). */
const MAX_EXPANSIONS = 256;
const EXTGLOB = /[@!+*?]\(/;

/**
 * Repo-relative form: no leading `./` or `/`, no doubled slashes, and a
 * trailing slash meaning "everything under this directory". Returns null for
 * negated (`!`) patterns: an exclusion never makes two stories collide.
 */
export function normalizeGlob(glob: string): string | null {
  let g = glob.trim().replace(/\/{2,}/g, '/');
  if (g.startsWith('!')) return null;
  while (g.startsWith('./')) g = g.slice(2);
  g = g.replace(/^\/+/, '');
  if (g.endsWith('/')) g += '**';
  return g === '' ? null : g;
}

/** Expand `{a,b}` (nested) and `{1..3}` groups; `{x}` without a comma stays literal. */
export function expandBraces(glob: string): string[] {
  const group = findBraceGroup(glob);
  if (group === null) return [glob];
  const { start, end, alternatives } = group;
  const prefix = glob.slice(0, start);
  const suffix = glob.slice(end + 1);
  const out: string[] = [];
  for (const alt of alternatives) {
    for (const expanded of expandBraces(prefix + alt + suffix)) {
      out.push(expanded);
      if (out.length > MAX_EXPANSIONS) return [prefix + '*' + suffix.replace(/[{}]/g, '*')];
    }
  }
  return out;
}

function findBraceGroup(glob: string): { start: number; end: number; alternatives: string[] } | null {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === '\\') {
      start++;
      continue;
    }
    if (glob[start] !== '{') continue;
    let depth = 0;
    const cuts: number[] = [];
    for (let k = start; k < glob.length; k++) {
      const c = glob[k];
      if (c === '\\') {
        k++;
      } else if (c === '{') {
        depth++;
      } else if (c === '}') {
        depth--;
        if (depth === 0) {
          const body = glob.slice(start + 1, k);
          const range = expandRange(body);
          if (range !== null) return { start, end: k, alternatives: range };
          if (cuts.length === 0) break; // `{x}`: literal braces, look for a later group
          const bounds = [start, ...cuts, k];
          const alternatives = bounds.slice(1).map((b, i) => glob.slice((bounds[i] as number) + 1, b));
          return { start, end: k, alternatives };
        }
      } else if (c === ',' && depth === 1) {
        cuts.push(k);
      }
    }
  }
  return null;
}

function expandRange(body: string): string[] | null {
  const numeric = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[2]);
    if (Math.abs(b - a) > MAX_EXPANSIONS) return null;
    const step = a <= b ? 1 : -1;
    const out: string[] = [];
    for (let v = a; v !== b + step; v += step) out.push(String(v));
    return out;
  }
  const alpha = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  if (alpha) {
    const a = (alpha[1] as string).charCodeAt(0);
    const b = (alpha[2] as string).charCodeAt(0);
    const step = a <= b ? 1 : -1;
    const out: string[] = [];
    for (let v = a; v !== b + step; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

/**
 * Split a brace-free glob into segments. Unsupported syntax (extglobs such as
 * `@(a|b)`) turns its segment into `*`, which over-approximates: overlap may
 * be reported where there is none, never missed.
 */
export function parseSegments(glob: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of glob.split('/')) {
    if (part === '**') {
      if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
      continue;
    }
    if (part === '' || part === '.') continue;
    segments.push({ kind: 'pattern', tokens: EXTGLOB.test(part) ? [{ kind: 'star' }] : tokenize(part) });
  }
  return segments;
}

function tokenize(part: string): Token[] {
  const tokens: Token[] = [];
  for (let k = 0; k < part.length; k++) {
    const c = part[k] as string;
    if (c === '\\' && k + 1 < part.length) {
      tokens.push({ kind: 'char', set: literal(part[++k] as string) });
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'char', set: ANY_CHAR });
    } else if (c === '[') {
      const parsed = parseClass(part, k);
      if (parsed === null) {
        tokens.push({ kind: 'char', set: literal('[') });
      } else {
        tokens.push({ kind: 'char', set: parsed.set });
        k = parsed.end;
      }
    } else {
      tokens.push({ kind: 'char', set: literal(c) });
    }
  }
  return tokens;
}

const POSIX_CLASSES: Record<string, readonly (readonly [string, string])[]> = {
  alpha: [['a', 'z'], ['A', 'Z']],
  digit: [['0', '9']],
  alnum: [['a', 'z'], ['A', 'Z'], ['0', '9']],
  lower: [['a', 'z']],
  upper: [['A', 'Z']],
  word: [['a', 'z'], ['A', 'Z'], ['0', '9'], ['_', '_']],
  xdigit: [['0', '9'], ['a', 'f'], ['A', 'F']],
  space: [[' ', ' '], ['\t', '\r']],
};

/** `[abc]`, `[a-z]`, `[!x]`, `[^x]`, `[[:digit:]]`; null if unterminated (then `[` is literal). */
function parseClass(part: string, open: number): { set: CharSet; end: number } | null {
  let k = open + 1;
  const negated = part[k] === '!' || part[k] === '^';
  if (negated) k++;
  const ranges: [number, number][] = [];
  let first = true;
  for (; k < part.length; k++) {
    const c = part[k] as string;
    if (c === ']' && !first) return { set: { negated, ranges }, end: k };
    first = false;
    if (c === '[' && part[k + 1] === ':') {
      const close = part.indexOf(':]', k + 2);
      const named = close === -1 ? undefined : POSIX_CLASSES[part.slice(k + 2, close)];
      if (named !== undefined) {
        for (const [lo, hi] of named) ranges.push([lo.charCodeAt(0), hi.charCodeAt(0)]);
        k = close + 1;
        continue;
      }
    }
    let lo = c;
    if (c === '\\' && k + 1 < part.length) lo = part[++k] as string;
    if (part[k + 1] === '-' && k + 2 < part.length && part[k + 2] !== ']') {
      let hi = part[k + 2] as string;
      k += 2;
      if (hi === '\\' && k + 1 < part.length) hi = part[++k] as string;
      const a = lo.codePointAt(0) as number;
      const b = hi.codePointAt(0) as number;
      ranges.push([Math.min(a, b), Math.max(a, b)]);
    } else {
      const code = lo.codePointAt(0) as number;
      ranges.push([code, code]);
    }
  }
  return null;
}

/** Normalise, expand braces and parse: the alternatives a glob stands for. */
export function compileGlob(glob: string): Segment[][] {
  const normal = normalizeGlob(glob);
  if (normal === null) return [];
  return expandBraces(normal).map((g) => parseSegments(g.replace(/\/{2,}/g, '/')));
}
