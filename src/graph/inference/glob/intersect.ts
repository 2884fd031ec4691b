import { ANY_CHAR, commonChar } from './charset.js';
import { compileGlob, type Segment, type Token } from './parse.js';

/**
 * Can two globs match the same path? Decided symbolically, without touching
 * the file system: returns an example path both match, or null.
 *
 * Each glob is brace-expanded, split into segments, and the two segment lists
 * are intersected with `**` matching zero or more whole segments; two segment
 * patterns intersect when the product of their automata accepts a non-empty
 * string. Dotfile rules are ignored (a `*` may match `.env`), which can only
 * report more overlap, never less.
 */
export function globsOverlap(a: string, b: string): string | null {
  return compiledOverlap(compileGlob(a), compileGlob(b));
}

/** globsOverlap on globs already compiled with compileGlob (callers comparing many pairs compile once). */
export function compiledOverlap(a: readonly Segment[][], b: readonly Segment[][]): string | null {
  for (const left of a) {
    for (const right of b) {
      if (literalPrefixesDiffer(left, right)) continue;
      const witness = intersectPaths(left, right);
      if (witness !== null) return witness.length === 0 ? '.' : witness.join('/');
    }
  }
  return null;
}

/** Cheap reject: the first segments are both plain literals and differ (`src/…` vs `docs/…`). */
function literalPrefixesDiffer(a: readonly Segment[], b: readonly Segment[]): boolean {
  const sa = a[0];
  const sb = b[0];
  if (sa?.kind !== 'pattern' || sb?.kind !== 'pattern') return false;
  const la = literalText(sa.tokens);
  const lb = literalText(sb.tokens);
  return la !== null && lb !== null && la !== lb;
}

function literalText(tokens: readonly Token[]): string | null {
  let text = '';
  for (const t of tokens) {
    if (t.kind !== 'char' || t.set.negated || t.set.ranges.length !== 1) return null;
    const [lo, hi] = t.set.ranges[0] as readonly [number, number];
    if (lo !== hi) return null;
    text += String.fromCodePoint(lo);
  }
  return text;
}

const ANY_SEGMENT: readonly Token[] = [{ kind: 'star' }];

/** Segments of a path matched by both lists, or null. */
export function intersectPaths(a: readonly Segment[], b: readonly Segment[]): string[] | null {
  const memo = new Map<number, string[] | null>();
  const width = b.length + 1;

  const solve = (i: number, j: number): string[] | null => {
    if (i === a.length && j === b.length) return [];
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, null); // no cycles in (i, j) progress, but guards re-entry
    const result = step(i, j);
    memo.set(key, result);
    return result;
  };

  const step = (i: number, j: number): string[] | null => {
    const sa = a[i];
    const sb = b[j];
    if (sa?.kind === 'globstar') {
      const skip = solve(i + 1, j);
      if (skip !== null) return skip;
      if (sb !== undefined) {
        if (sb.kind === 'globstar') return solve(i, j + 1);
        const seg = intersectSegments(ANY_SEGMENT, sb.tokens);
        const rest = seg === null ? null : solve(i, j + 1);
        if (seg !== null && rest !== null) return [seg, ...rest];
      }
    }
    if (sb?.kind === 'globstar') {
      const skip = solve(i, j + 1);
      if (skip !== null) return skip;
      if (sa !== undefined && sa.kind === 'pattern') {
        const seg = intersectSegments(sa.tokens, ANY_SEGMENT);
        const rest = seg === null ? null : solve(i + 1, j);
        if (seg !== null && rest !== null) return [seg, ...rest];
      }
    }
    if (sa?.kind === 'pattern' && sb?.kind === 'pattern') {
      const seg = intersectSegments(sa.tokens, sb.tokens);
      const rest = seg === null ? null : solve(i + 1, j + 1);
      if (seg !== null && rest !== null) return [seg, ...rest];
    }
    return null;
  };

  return solve(0, 0);
}

/**
 * A non-empty segment matched by both token lists, or null. Breadth-first
 * search over the product automaton: state (p, q, consumed-anything).
 */
export function intersectSegments(a: readonly Token[], b: readonly Token[]): string | null {
  interface State { p: number; q: number; used: boolean; text: string }
  const seen = new Set<string>();
  const queue: State[] = [{ p: 0, q: 0, used: false, text: '' }];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] as State;
    const key = `${s.p},${s.q},${s.used ? 1 : 0}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (s.p === a.length && s.q === b.length && s.used) return s.text;
    const ta = a[s.p];
    const tb = b[s.q];
    // A star may match nothing.
    if (ta?.kind === 'star') queue.push({ ...s, p: s.p + 1 });
    if (tb?.kind === 'star') queue.push({ ...s, q: s.q + 1 });
    if (ta === undefined || tb === undefined) continue;
    const c = commonChar(ta.kind === 'star' ? ANY_CHAR : ta.set, tb.kind === 'star' ? ANY_CHAR : tb.set);
    if (c === null) continue;
    queue.push({
      p: ta.kind === 'star' ? s.p : s.p + 1,
      q: tb.kind === 'star' ? s.q : s.q + 1,
      used: true,
      text: s.text + c,
    });
  }
  return null;
}
