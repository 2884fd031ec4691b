import { detectConflicts } from '../../src/conflicts/index.js';
import type { DetectedConflict } from '../../src/conflicts/index.js';

type Files = Record<string, string | null>;

/** Rule and entity of every conflict between two branches (paths listed in a side are what it changed). */
async function detect(base: Files, ours: Files, theirs: Files): Promise<Array<[DetectedConflict['rule'], string | null]>> {
  const report = await detectConflicts({
    strategy: 'entity',
    base: new Map(Object.entries(base)),
    ours: new Map(Object.entries(ours)),
    theirs: new Map(Object.entries(theirs)),
    changedOurs: Object.keys(ours),
    changedTheirs: Object.keys(theirs),
  });
  return report.conflicts.map((c) => [c.rule, c.entity]);
}

/**
 * A changed function is a conflict for the other branch's new callers when its contract changed: its signature,
 * or (signature kept) its behaviour as witnessed by the changing branch adapting existing callers or tests.
 */
describe('reference rule: what counts as a changed contract', () => {
  const lib = 'export function price(n: number): number {\n  let total = 0;\n  for (let i = 0; i < n; i++) total += 2;\n  return total;\n}\n';
  const order = "import { price } from './lib.js';\n\nexport function order(n: number): number {\n  return price(n) + 1;\n}\n";
  const newCaller = { 'invoice.ts': "import { price } from './lib.js';\n\nexport const line = (n: number): string => `${n} x ${price(n)}`;\n" };
  const base = { 'lib.ts': lib, 'order.ts': order };

  test('body rewritten, signature and every existing caller untouched → the new caller is safe', async () => {
    const refactor = { 'lib.ts': 'export function price(n: number): number {\n  return n * 2;\n}\n' };
    expect(await detect(base, refactor, newCaller)).toEqual([]);
    expect(await detect(base, newCaller, refactor)).toEqual([]);
  });

  test('body rewritten and an existing caller adapted → the new caller may rely on the old meaning', async () => {
    const changed = {
      'lib.ts': 'export function price(n: number): number {\n  return n * 0.02;\n}\n',
      'order.ts': order.replace('price(n) + 1', 'price(n) * 100 + 1'),
    };
    expect(await detect(base, changed, newCaller)).toEqual([['reference', 'price']]);
  });

  test('signature changed → flagged even with no caller touched', async () => {
    const changed = { 'lib.ts': 'export function price(n: number, rate = 2): number {\n  return n * rate;\n}\n' };
    expect(await detect(base, changed, newCaller)).toEqual([['reference', 'price']]);
  });

  test('TypeScript return type inferred from the body → any body change is a contract change', async () => {
    const untyped = { 'lib.ts': 'export function price(n: number) {\n  return n * 2;\n}\n', 'order.ts': order };
    const changed = { 'lib.ts': "export function price(n: number) {\n  return `${n * 2} EUR`;\n}\n" };
    expect(await detect(untyped, changed, newCaller)).toEqual([['reference', 'price']]);
  });

  test('a recursive call inside the function is not an existing caller', async () => {
    const fact = 'export function fact(n: number): number {\n  if (n < 2) return 1;\n  return n * fact(n - 1);\n}\n';
    const loop = { 'fact.ts': 'export function fact(n: number): number {\n  let r = 1;\n  for (let i = 2; i <= n; i++) r *= i;\n  return r;\n}\n' };
    const caller = { 'use.ts': "import { fact } from './fact.js';\n\nexport const six = fact(3);\n" };
    expect(await detect({ 'fact.ts': fact }, loop, caller)).toEqual([]);
  });

  test('Python: an existing test assertion updated with the body is evidence of a behaviour change', async () => {
    const stats = 'def mean(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n';
    const check = 'from stats import mean\n\nassert mean([1, 2, 3]) == 2\n';
    const report = { 'report.py': 'from stats import mean\n\n\ndef summary(xs):\n    return "mean=%s" % mean(xs)\n' };
    const pyBase = { 'stats.py': stats, 'check.py': check };
    const refactor = { 'stats.py': 'def mean(xs):\n    return sum(xs) / len(xs)\n' };
    expect(await detect(pyBase, refactor, report)).toEqual([]);
    const rounded = { 'stats.py': 'def mean(xs):\n    return sum(xs) // len(xs)\n', 'check.py': check.replace('== 2', '== 2 and mean([1, 2]) == 1') };
    expect(await detect(pyBase, rounded, report)).toEqual([['reference', 'mean']]);
  });

  test('Python: a decorator is part of the signature', async () => {
    const shapes = 'class Box:\n    def area(self):\n        return 4\n';
    const prop = { 'shapes.py': 'class Box:\n    @property\n    def area(self):\n        return 4\n' };
    const caller = { 'use.py': 'from shapes import Box\n\nprint(Box().area())\n' };
    expect(await detect({ 'shapes.py': shapes }, prop, caller)).toEqual([['reference', 'Box.area']]);
  });

  test('Rust: body-only edits keep the interface, parameter changes do not', async () => {
    const calc = 'pub fn scale(x: i32) -> i32 {\n    x * 10\n}\n';
    const caller = { 'extra.rs': 'use crate::calc::scale;\n\npub fn hundred() -> i32 {\n    scale(10)\n}\n' };
    const body = { 'calc.rs': 'pub fn scale(x: i32) -> i32 {\n    x * 2 * 5\n}\n' };
    const param = { 'calc.rs': 'pub fn scale(x: i32, f: i32) -> i32 {\n    x * f\n}\n' };
    expect(await detect({ 'calc.rs': calc }, body, caller)).toEqual([]);
    expect(await detect({ 'calc.rs': calc }, param, caller)).toEqual([['reference', 'scale']]);
  });

  test('non-callables have no body to set apart: a changed value is a changed contract', async () => {
    const consts = 'export const RATE = 10;\n';
    const changed = { 'consts.ts': 'export const RATE = 0.1;\n' };
    const caller = { 'use.ts': "import { RATE } from './consts.js';\n\nexport const cut = (x: number): number => (x * RATE) / 100;\n" };
    expect(await detect({ 'consts.ts': consts }, changed, caller)).toEqual([['reference', 'RATE']]);
  });
});
