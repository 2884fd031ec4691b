import type { CharSet } from './charset.js';
import { compileGlob, type Segment, type Token } from './parse.js';

/**
 * Compile a glob into a predicate over repo-relative paths, with the same
 * reading of the syntax as the symbolic overlap check (so the two agree).
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const alternatives = compileGlob(glob).map((segments) => segments.map(segmentTest));
  return (path) => {
    const parts = path.split('/').filter((p) => p !== '');
    return alternatives.some((tests) => matchSegments(tests, parts));
  };
}

type SegmentTest = 'globstar' | RegExp;

function segmentTest(segment: Segment): SegmentTest {
  return segment.kind === 'globstar' ? 'globstar' : new RegExp(`^${segment.tokens.map(tokenSource).join('')}$`, 'u');
}

function tokenSource(token: Token): string {
  return token.kind === 'star' ? '[^/]*' : charSetSource(token.set);
}

function charSetSource(set: CharSet): string {
  const body = set.ranges
    .map(([lo, hi]) => (lo === hi ? escapeCode(lo) : `${escapeCode(lo)}-${escapeCode(hi)}`))
    .join('');
  if (set.negated) return body === '' ? '[^/]' : `[^/${body}]`;
  return `[${body}]`;
}

function escapeCode(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

function matchSegments(tests: readonly SegmentTest[], parts: readonly string[]): boolean {
  // reachable[j] = tests[0..i) can match parts[0..j)
  let reachable = new Array<boolean>(parts.length + 1).fill(false);
  reachable[0] = true;
  for (const test of tests) {
    const next = new Array<boolean>(parts.length + 1).fill(false);
    for (let j = 0; j <= parts.length; j++) {
      if (!reachable[j]) continue;
      if (test === 'globstar') {
        for (let k = j; k <= parts.length; k++) next[k] = true;
        break;
      }
      if (j < parts.length && test.test(parts[j] as string)) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[parts.length] === true;
}
