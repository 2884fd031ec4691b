import { detectConflicts, formatConflictReport } from '../../src/conflicts/index.js';
import type { ConflictStrategy, FileVersions } from '../../src/conflicts/index.js';

type Files = Record<string, string | null>;

function versions(files: Files): FileVersions {
  return new Map(Object.entries(files));
}

/** Base files plus each side's changed files (null = deleted). */
function detect(base: Files, ours: Files, theirs: Files, strategy: ConflictStrategy = 'entity') {
  return detectConflicts({
    strategy,
    base: versions(base),
    ours: versions(ours),
    theirs: versions(theirs),
    changedOurs: Object.keys(ours),
    changedTheirs: Object.keys(theirs),
  });
}

const cart = [
  'export class Cart {',
  '  items: number[] = [];',
  '',
  '  total(): number {',
  '    return this.items.reduce((a, b) => a + b, 0);',
  '  }',
  '',
  '  size(): number {',
  '    return this.items.length;',
  '  }',
  '}',
  '',
].join('\n');

describe('detectConflicts (entity strategy)', () => {
  test('same method modified on both sides → same-entity with both line ranges', async () => {
    const ours = cart.replace('a + b, 0', 'a + b, 1');
    const theirs = cart.replace('a + b, 0', 'a + b, 2');
    const report = await detect({ 'cart.ts': cart }, { 'cart.ts': ours }, { 'cart.ts': theirs });
    expect(report.conflicts).toEqual([
      expect.objectContaining({ rule: 'same-entity', file: 'cart.ts', entity: 'Cart.total', lines: { ours: [4, 6], theirs: [4, 6] } }),
    ]);
  });

  test('different methods of one class → no conflict; identical edits → no conflict', async () => {
    const ours = cart.replace('a + b, 0', 'a + b, 1');
    const theirs = cart.replace('this.items.length', 'this.items.length + 0');
    expect((await detect({ 'cart.ts': cart }, { 'cart.ts': ours }, { 'cart.ts': theirs })).conflicts).toEqual([]);
    expect((await detect({ 'cart.ts': cart }, { 'cart.ts': ours }, { 'cart.ts': ours })).conflicts).toEqual([]);
  });

  test('deleted vs modified', async () => {
    const ours = cart.replace(/\n {2}size\(\)[^}]*}\n/, '\n');
    const theirs = cart.replace('this.items.length', 'this.items.length * 2');
    const report = await detect({ 'cart.ts': cart }, { 'cart.ts': ours }, { 'cart.ts': theirs });
    expect(report.conflicts.map((c) => [c.rule, c.entity])).toEqual([['delete-modify', 'Cart.size']]);
  });

  test('both add the same name → both-added; imports added on both sides are not conflicts', async () => {
    const base = "import { a } from './a';\n\nexport function f(): number {\n  return a;\n}\n";
    const ours = `import { b } from './b';\n${base}\nexport function g(): number {\n  return b;\n}\n`;
    const theirs = `import { c } from './c';\n${base}\nexport function g(): number {\n  return c;\n}\n`;
    const report = await detect({ 'm.ts': base }, { 'm.ts': ours }, { 'm.ts': theirs });
    expect(report.conflicts.map((c) => [c.rule, c.entity])).toEqual([['both-added', 'g']]);
    const onlyImports = await detect({ 'm.ts': base }, { 'm.ts': `import { b } from './b';\n${base}` }, { 'm.ts': `import { c } from './c';\n${base}` });
    expect(onlyImports.conflicts).toEqual([]);
  });

  test('a changed function called by the other side’s new code in another file → reference (both directions)', async () => {
    const lib = 'export function price(n: number): number {\n  return n * 2;\n}\n';
    const use = "import { price } from './lib';\n\nexport const x = 1;\n";
    const ours = { 'lib.ts': 'export function price(n: number, tax: number): number {\n  return n * 2 + tax;\n}\n' };
    const theirs = { 'use.ts': `${use}\nexport function total(): number {\n  return price(3);\n}\n` };
    const report = await detect({ 'lib.ts': lib, 'use.ts': use }, ours, theirs);
    expect(report.conflicts).toEqual([
      expect.objectContaining({ rule: 'reference', file: 'lib.ts', entity: 'price', otherFile: 'use.ts', changedBy: 'ours', lines: { ours: [1, 3], theirs: [6, 6] } }),
    ]);
    const mirrored = await detect({ 'lib.ts': lib, 'use.ts': use }, theirs, ours);
    expect(mirrored.conflicts.map((c) => [c.rule, c.changedBy])).toEqual([['reference', 'theirs']]);
    expect(formatConflictReport(report)).toContain('theirs use.ts:6');
  });

  test('old references are not new code: editing a line elsewhere does not count', async () => {
    const lib = 'export function price(n: number): number {\n  return n * 2;\n}\n';
    const use = "import { price } from './lib';\n\nexport function total(): number {\n  return price(3);\n}\n\nexport const y = 1;\n";
    const ours = { 'lib.ts': lib.replace('n * 2', 'n * 3') };
    const theirs = { 'use.ts': use.replace('y = 1', 'y = 2') };
    expect((await detect({ 'lib.ts': lib, 'use.ts': use }, ours, theirs)).conflicts).toEqual([]);
  });

  test('Python and Rust entities', async () => {
    const py = 'def area(r):\n    return 3 * r * r\n\n\ndef main():\n    print(area(2))\n';
    const pyReport = await detect({ 'geo.py': py }, { 'geo.py': py.replace('3 *', '3.14 *') }, { 'geo.py': py.replace('3 * r', '3.1 * r') });
    expect(pyReport.conflicts.map((c) => [c.rule, c.entity])).toEqual([['same-entity', 'area']]);
    const rs = 'struct P;\n\nimpl P {\n    fn a(&self) -> u32 {\n        1\n    }\n\n    fn b(&self) -> u32 {\n        2\n    }\n}\n';
    const rsReport = await detect({ 'p.rs': rs }, { 'p.rs': rs.replace('        1', '        10') }, { 'p.rs': rs.replace('        1\n', '        11\n') });
    expect(rsReport.conflicts.map((c) => [c.rule, c.entity])).toEqual([['same-entity', 'P::a']]);
  });

  test('unsupported languages, add/add and modify/delete files fall back to file level', async () => {
    const report = await detect(
      { 'README.md': 'a\n', 'x.ts': 'export const x = 1;\n' },
      { 'README.md': 'b\n', 'x.ts': null, 'new.ts': 'export const n = 1;\n' },
      { 'README.md': 'c\n', 'x.ts': 'export const x = 2;\n', 'new.ts': 'export const n = 2;\n' },
    );
    expect(report.conflicts.map((c) => [c.rule, c.file, c.entity])).toEqual([
      ['same-file', 'README.md', null],
      ['both-added', 'new.ts', null],
      ['delete-modify', 'x.ts', null],
    ]);
  });

  test('top-level statements outside entities edited on both sides', async () => {
    const base = "const app = makeApp();\n\nfunction f() {}\n\napp.use('a');\n";
    const report = await detect({ 'app.js': base }, { 'app.js': base.replace("'a'", "'b'") }, { 'app.js': base.replace("'a'", "'c'") });
    expect(report.conflicts.map((c) => c.rule)).toEqual(['same-file']);
  });
});

describe('the detector reports what the entity merge decides', () => {
  test('an entity the merge combines on the syntax tree is no conflict; one it cannot is', async () => {
    const base = 'export const c = f({ a: 1, s: { p: 1 } });\n';
    const merged = await detect({ 'c.ts': base }, { 'c.ts': base.replace('p: 1', 'p: 1, q: 2') }, { 'c.ts': base.replace('p: 1', 'p: 1, r: 3') });
    expect(merged.conflicts).toEqual([]);
    const conflicting = await detect({ 'c.ts': base }, { 'c.ts': base.replace('a: 1', 'a: 2') }, { 'c.ts': base.replace('a: 1', 'a: 3') });
    expect(conflicting.conflicts.map((c) => [c.rule, c.entity, c.lines])).toEqual([['same-entity', 'c', { ours: [1, 1], theirs: [1, 1] }]]);
  });

  test('the sameEntity policy is the merge\'s: diff3 reports only edits of one function it cannot combine', async () => {
    const base = 'export function f(a: number): number {\n  const x = a + 1;\n  const y = 2;\n  return x + y;\n}\n';
    const input = (ours: string, theirs: string, sameEntity: 'conflict' | 'diff3') =>
      detectConflicts({ strategy: 'entity', base: versions({ 'f.ts': base }), ours: versions({ 'f.ts': ours }), theirs: versions({ 'f.ts': theirs }), changedOurs: ['f.ts'], changedTheirs: ['f.ts'], sameEntity });
    const ours = base.replace('a + 1', 'a + 10');
    const apart = base.replace('return x + y;', 'return x * y;');
    // Two boxes in the merged function, one conflict reported for it.
    expect((await input(ours, apart, 'conflict')).conflicts.map((c) => [c.rule, c.entity])).toEqual([['same-entity', 'f']]);
    expect((await input(ours, apart, 'diff3')).conflicts).toEqual([]);
    expect((await input(ours, base.replace('a + 1', 'a + 20'), 'diff3')).conflicts.map((c) => [c.rule, c.entity])).toEqual([['same-entity', 'f']]);
  });

  test('a result the merge refuses to hand out (a name defined twice) is reported at file level', async () => {
    const base = "import { a } from './a.js';\n\nexport const x = a;\n";
    const report = await detect({ 'u.ts': base }, { 'u.ts': base.replace("'./a.js'", "'./b.js'") }, { 'u.ts': base.replace("'./a.js'", "'./c.js'") });
    expect(report.conflicts.map((c) => [c.rule, c.entity])).toEqual([['same-file', null]]);
  });
});

describe('file and none strategies', () => {
  const base = { 'cart.ts': cart };
  const ours = { 'cart.ts': cart.replace('a + b, 0', 'a + b, 1') };
  const theirs = { 'cart.ts': cart.replace('this.items.length', 'this.items.length + 0') };

  test('file: any file changed on both sides', async () => {
    const report = await detect(base, ours, theirs, 'file');
    expect(report.conflicts.map((c) => [c.rule, c.file])).toEqual([['same-file', 'cart.ts']]);
  });

  test('none: nothing, and the formatter says so', async () => {
    const report = await detect(base, ours, theirs, 'none');
    expect(report.conflicts).toEqual([]);
    expect(formatConflictReport(report)).toContain('disabled');
  });
});
