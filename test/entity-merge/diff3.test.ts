import { execa } from 'execa';
import { diff3 } from '../../src/entity-merge/diff3.js';
import { diffHunks, internLines } from '../../src/entity-merge/myers.js';
import { captureOutput, scratchDir, writeTriple } from '../merge-cli/helpers.js';

function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

function mutate(lines: readonly string[], rnd: (n: number) => number): string[] {
  const out = [...lines];
  const edits = rnd(4);
  for (let e = 0; e < edits; e++) {
    const at = rnd(out.length + 1);
    const op = rnd(3);
    if (op === 0) out.splice(at, 0, ...Array.from({ length: 1 + rnd(3) }, () => ['}', '', 'x', 'y', `n${rnd(9)}`][rnd(5)] ?? ''));
    else if (op === 1) out.splice(at, 1 + rnd(2));
    else out.splice(at, 1, `c${rnd(9)}`);
  }
  return out;
}

describe('Myers line diff', () => {
  test('hunks rebuild the side and keep an LCS of optimal length (random inputs full of repeated lines)', () => {
    const rnd = random(11);
    for (let i = 0; i < 400; i++) {
      const base = Array.from({ length: rnd(25) }, () => ['}', '', 'x', 'y', 'z', `l${rnd(6)}`][rnd(6)] ?? '');
      const side = mutate(base, rnd);
      const [a, b] = internLines(base, side) as [Int32Array, Int32Array];
      const hunks = diffHunks(a, b);
      const rebuilt: string[] = [];
      let cursor = 0;
      let changed = 0;
      for (const h of hunks) {
        rebuilt.push(...base.slice(cursor, h.baseStart), ...side.slice(h.sideStart, h.sideStart + h.sideLength));
        cursor = h.baseStart + h.baseLength;
        changed += h.baseLength;
      }
      rebuilt.push(...base.slice(cursor));
      expect(rebuilt).toEqual(side);
      expect(base.length - changed).toBe(lcsLength(base, side));
    }
  });
});

describe('diff3', () => {
  test('one side unchanged gives the other; identical changes merge; ours and theirs at one spot conflict', () => {
    const base = ['a', 'b', 'c'];
    expect(diff3(['a', 'B', 'c'], base, base)).toEqual([{ ok: ['a', 'B', 'c'] }]);
    expect(diff3(base, base, ['a', 'b', 'C'])).toEqual([{ ok: ['a', 'b', 'C'] }]);
    expect(diff3(['a', 'X', 'c'], base, ['a', 'X', 'c'])).toEqual([{ ok: ['a', 'X', 'c'] }]);
    expect(diff3(['a', 'B', 'c'], base, ['a', 'b2', 'c'])).toEqual([{ ok: ['a'] }, { conflict: { ours: ['B'], base: ['b'], theirs: ['b2'] } }, { ok: ['c'] }]);
  });

  test("adjacent 'merge': edits of neighbouring base lines combine; an insertion sits beside a one-for-one rewrite, not beside a deletion", () => {
    const base = ['a', 'b', 'c', 'd'];
    const merge = { adjacent: 'merge' } as const;
    // ours replaces b, theirs replaces c: git's rule (and the default) conflicts, 'merge' takes both.
    expect(diff3(['a', 'B', 'c', 'd'], base, ['a', 'b', 'C', 'd'])).toEqual([{ ok: ['a'] }, { conflict: { ours: ['B', 'c'], base: ['b', 'c'], theirs: ['b', 'C'] } }, { ok: ['d'] }]);
    expect(diff3(['a', 'B', 'c', 'd'], base, ['a', 'b', 'C', 'd'], merge)).toEqual([{ ok: ['a', 'B', 'C', 'd'] }]);
    // ours deletes a and b, theirs replaces c.
    expect(diff3(['c', 'd'], base, ['a', 'b', 'C', 'd'], merge)).toEqual([{ ok: ['C', 'd'] }]);
    // ours inserts between b and c while theirs rewrites c (one line for one): X stays before C, as in ours.
    expect(diff3(['a', 'b', 'X', 'c', 'd'], base, ['a', 'b', 'C', 'd'])).toEqual([{ ok: ['a', 'b'] }, { conflict: { ours: ['X', 'c'], base: ['c'], theirs: ['C'] } }, { ok: ['d'] }]);
    expect(diff3(['a', 'b', 'X', 'c', 'd'], base, ['a', 'b', 'C', 'd'], merge)).toEqual([{ ok: ['a', 'b', 'X', 'C', 'd'] }]);
    // ...and the mirror: ours rewrites b, theirs inserts right after it.
    expect(diff3(['a', 'B', 'c', 'd'], base, ['a', 'b', 'Y', 'c', 'd'], merge)).toEqual([{ ok: ['a', 'B', 'Y', 'c', 'd'] }]);
    // An insertion next to lines the other side deleted, or rewrote into more or fewer lines, may belong to what is
    // gone (a comment above removed code): a conflict.
    expect(diff3(['a', 'b', 'X', 'c', 'd'], base, ['a', 'b', 'd'], merge)).toEqual([{ ok: ['a', 'b'] }, { conflict: { ours: ['X', 'c'], base: ['c'], theirs: [] } }, { ok: ['d'] }]);
    expect(diff3(['a', 'b', 'X', 'c', 'd'], base, ['a', 'b', 'C1', 'C2', 'd'], merge)).toEqual([{ ok: ['a', 'b'] }, { conflict: { ours: ['X', 'c'], base: ['c'], theirs: ['C1', 'C2'] } }, { ok: ['d'] }]);
    expect(diff3(['a', 'b', 'd'], base, ['a', 'b', 'c', 'Y', 'd'], merge)).toEqual([{ ok: ['a', 'b'] }, { conflict: { ours: [], base: ['c'], theirs: ['c', 'Y'] } }, { ok: ['d'] }]);
    // Insertions at one place of lines that commute (JSDoc @property members) keep both, ours first.
    const commutes = { adjacent: 'merge', commutes: (l: string) => l.startsWith('@') } as const;
    expect(diff3(['a', '@x', 'b', 'c', 'd'], base, ['a', '@y', 'b', 'c', 'd'], commutes)).toEqual([{ ok: ['a', '@x', '@y', 'b', 'c', 'd'] }]);
    expect(diff3(['a', '@x', 'b', 'c', 'd'], base, ['a', 'Y', 'b', 'c', 'd'], commutes)).toEqual([{ ok: ['a'] }, { conflict: { ours: ['@x'], base: [], theirs: ['Y'] } }, { ok: ['b', 'c', 'd'] }]);
    // Two insertions at one place conflict; overlapping replacements conflict.
    expect(diff3(['a', 'X', 'b', 'c', 'd'], base, ['a', 'Y', 'b', 'c', 'd'], merge)).toEqual([{ ok: ['a'] }, { conflict: { ours: ['X'], base: [], theirs: ['Y'] } }, { ok: ['b', 'c', 'd'] }]);
    expect(diff3(['a', 'B', 'C', 'd'], base, ['a', 'b', 'C2', 'd'], merge)).toEqual([{ ok: ['a'] }, { conflict: { ours: ['B', 'C'], base: ['b', 'c'], theirs: ['b', 'C2'] } }, { ok: ['d'] }]);
  });

  test('agrees with git merge-file on clean vs conflict for random edits of code-like text', async () => {
    const scratch = scratchDir('ralph-diff3-');
    const rnd = random(5);
    let disagreements = 0;
    try {
      for (let i = 0; i < 120; i++) {
        const base = Array.from({ length: 8 + rnd(20) }, () => ['  }', '', '  it(x)', 'y', `l${rnd(30)}`][rnd(5)] ?? '');
        const ours = mutate(base, rnd);
        const theirs = mutate(base, rnd);
        const mine = diff3(ours, base, theirs).some((r) => 'conflict' in r);
        const join = (l: string[]): string => l.map((x) => `${x}\n`).join('');
        const paths = writeTriple(scratch.dir, 'txt', { current: join(ours), base: join(base), other: join(theirs) });
        const { value } = await captureOutput(() => execa('git', ['merge-file', '-p', paths.current, paths.base, paths.other], { reject: false }));
        if ((value.exitCode !== 0) !== mine) disagreements++;
      }
    } finally {
      scratch.cleanup();
    }
    process.stdout.write(`diff3 vs git merge-file: ${disagreements}/120 disagree\n`);
    // Git's indent heuristic can still place a hunk differently; they must agree in the vast majority of cases.
    expect(disagreements).toBeLessThanOrEqual(6);
  });
});
