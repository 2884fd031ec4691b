import { formatConflictMarkers, lineMerge, mergeEntities, sideOfConflicts } from '../../src/entity-merge/index.js';

const labels = { ours: 'ours', base: 'base', theirs: 'theirs' };

const CLASS = [
  'export class Cart {',
  '  total(): number {',
  '    return 1;',
  '  }',
  '  count(): number {',
  '    return 2;',
  '  }',
  '}',
  '',
].join('\n');

describe('mergeEntities: resolution rules', () => {
  test('different methods of one class merge cleanly (git conflicts on adjacent lines)', async () => {
    const base = 'class K {\n  a() { return 1; }\n  b() { return 2; }\n}\n';
    const ours = base.replace('return 1;', 'return 10;');
    const theirs = base.replace('return 2;', 'return 20;');
    const r = await mergeEntities({ base, ours, theirs, path: 'k.ts' });
    expect(r.status).toBe('clean');
    expect(r.method).toBe('entity');
    expect(r.text).toBe(base.replace('return 1;', 'return 10;').replace('return 2;', 'return 20;'));
    expect(lineMerge(ours, base, theirs, labels).clean).toBe(false);
  });

  test('a clean merge equal to the line merge reports method line', async () => {
    const r = await mergeEntities({ base: CLASS, ours: CLASS.replace('return 1;', 'return 10;'), theirs: CLASS.replace('return 2;', 'return 20;'), path: 'cart.ts' });
    expect(r).toMatchObject({ status: 'clean', method: 'line' });
  });

  test('the same method edited by both sides is a member conflict with markers naming it', async () => {
    const r = await mergeEntities({ base: CLASS, ours: CLASS.replace('return 1;', 'return 10;'), theirs: CLASS.replace('return 1;', 'return 11;'), path: 'cart.ts' });
    expect(r.status).toBe('conflict');
    // The box holds only the lines that differ: the method's signature and closing brace stay outside.
    expect(r.conflicts).toEqual([{ entity: 'method Cart.total', kind: 'both-modified', startLine: 3 }]);
    const lines = r.text.split('\n');
    expect(lines[1]).toBe('  total(): number {');
    expect(lines[2]).toBe('<<<<<<< ours — method Cart.total (both modified)');
    expect(lines[3]).toBe('    return 10;');
    expect(lines).toContain('||||||| base');
    expect(lines).toContain('=======');
    expect(lines).toContain('>>>>>>> theirs — method Cart.total (both modified)');
    expect(sideOfConflicts(r.text, 'ours')).toBe(CLASS.replace('return 1;', 'return 10;'));
    expect(sideOfConflicts(r.text, 'theirs')).toBe(CLASS.replace('return 1;', 'return 11;'));
  });

  test("sameEntity: 'diff3' merges non-overlapping edits inside one function", async () => {
    const base = 'function f() {\n  const a = 1;\n  const b = 2;\n  const c = 3;\n  return a + b + c;\n}\n';
    const ours = base.replace('a = 1', 'a = 10');
    const theirs = base.replace('c = 3', 'c = 30');
    expect((await mergeEntities({ base, ours, theirs, path: 'f.ts' })).status).toBe('conflict');
    const r = await mergeEntities({ base, ours, theirs, path: 'f.ts' }, { sameEntity: 'diff3' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe(base.replace('a = 1', 'a = 10').replace('c = 3', 'c = 30'));
  });

  test('modify/delete and delete/modify are reported as such', async () => {
    const base = 'def a():\n    return 1\n\n\ndef b():\n    return 2\n';
    const deleted = 'def b():\n    return 2\n';
    const modified = base.replace('return 1', 'return 100');
    const r1 = await mergeEntities({ base, ours: deleted, theirs: modified, path: 'm.py' });
    expect(r1.conflicts.map((c) => [c.entity, c.kind])).toEqual([['function a', 'delete-modify']]);
    const r2 = await mergeEntities({ base, ours: modified, theirs: deleted, path: 'm.py' });
    expect(r2.conflicts.map((c) => [c.entity, c.kind])).toEqual([['function a', 'modify-delete']]);
  });

  test('identical additions are kept once; same name with different bodies conflicts', async () => {
    const base = 'fn a() {}\n';
    const add = (body: string): string => `${base}\nfn helper() -> u8 {\n    ${body}\n}\n`;
    const same = await mergeEntities({ base, ours: add('1'), theirs: add('1'), path: 'lib.rs' });
    expect(same.status).toBe('clean');
    expect(same.text).toBe(add('1'));
    const different = await mergeEntities({ base, ours: add('1'), theirs: add('2'), path: 'lib.rs' });
    expect(different.conflicts.map((c) => [c.entity, c.kind])).toEqual([['function helper', 'both-added']]);
  });

  test('a same-named function added at different places is never emitted twice', async () => {
    const base = 'export function a() {}\n\nexport function b() {}\n';
    const ours = 'export function a() {}\n\nfunction key() { return 1; }\n\nexport function b() {}\n';
    const theirs = `${base}\nfunction key() { return 2; }\n`;
    const git = lineMerge(ours, base, theirs, labels);
    expect(git.clean).toBe(true); // the line merge would define key twice
    const r = await mergeEntities({ base, ours, theirs, path: 'k.ts' });
    expect(r.status).toBe('conflict');
    expect(r.conflicts[0]?.entity).toBe('function key');
  });

  test('both sides adding different functions at the end keeps both, ours first', async () => {
    const base = 'def a():\n    pass\n';
    const r = await mergeEntities({ base, ours: `${base}\n\ndef b():\n    pass\n`, theirs: `${base}\n\ndef c():\n    pass\n`, path: 'x.py' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe(`${base}\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n`);
  });

  test('named import specifiers merge as a set into one statement', async () => {
    const base = "import { a } from 'm';\n\nexport const x = 1;\n";
    const r = await mergeEntities({
      base,
      ours: base.replace('{ a }', '{ a, b }'),
      theirs: base.replace('{ a }', '{ a, c }'),
      path: 'i.ts',
    });
    expect(r.status).toBe('clean');
    expect(r.text).toBe("import { a, b, c } from 'm';\n\nexport const x = 1;\n");
  });

  test('conflicting default imports of one source are an import conflict', async () => {
    const base = "import A, { a } from 'm';\n\nexport const x = 1;\n";
    const r = await mergeEntities({
      base,
      ours: base.replace('import A,', 'import B,').replace('{ a }', '{ a, b }'),
      theirs: base.replace('import A,', 'import C,').replace('{ a }', '{ a, c }'),
      path: 'i.ts',
    });
    expect(r.conflicts.map((c) => c.kind)).toEqual(['import']);
  });

  test('a default import renamed on one side and a specifier added on the other merge on the syntax tree', async () => {
    const base = "import A, { a } from 'm';\n\nexport const x = 1;\n";
    const r = await mergeEntities({
      base,
      ours: base.replace('import A,', 'import B,').replace('{ a }', '{ a, b }'),
      theirs: base.replace('{ a }', '{ a, c }'),
      path: 'i.ts',
    });
    expect(r.status).toBe('clean');
    expect(r.text).toBe("import B, { a, b, c } from 'm';\n\nexport const x = 1;\n");
  });

  test('both adding members to one Rust impl merges member-wise', async () => {
    const base = 'impl Foo {\n    fn a(&self) {}\n}\n';
    const r = await mergeEntities({
      base,
      ours: 'impl Foo {\n    fn a(&self) {}\n    fn b(&self) {}\n}\n',
      theirs: 'impl Foo {\n    fn a(&self) {}\n    fn c(&self) {}\n}\n',
      path: 'foo.rs',
    });
    expect(r.status).toBe('clean');
    expect(r.text).toBe('impl Foo {\n    fn a(&self) {}\n    fn b(&self) {}\n    fn c(&self) {}\n}\n');
  });

  test('untouched regions are preserved byte for byte, including odd spacing and comments', async () => {
    const base = '// header   \n\n\n\nfunction a() {}   \n/* mid */\n\n\nfunction b() {}\n\t\n';
    const r = await mergeEntities({ base, ours: base.replace('a() {}', 'a() { 1; }'), theirs: base.replace('b() {}', 'b() { 2; }'), path: 's.js' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe(base.replace('a() {}', 'a() { 1; }').replace('b() {}', 'b() { 2; }'));
  });
});

describe('mergeEntities: verification and refusals', () => {
  test('a merged result that does not parse is a conflict, never clean', async () => {
    // Each side appends a key after `b` without a trailing comma: the member-wise union would be invalid.
    const base = 'export const config = {\n  a: 1,\n  b: 2,\n};\n';
    const ours = 'export const config = {\n  a: 1,\n  b: 2,\n  c: 3\n};\n';
    const theirs = 'export const config = {\n  a: 1,\n  b: 2,\n  d: 4\n};\n';
    const r = await mergeEntities({ base, ours, theirs, path: 'c.ts' });
    expect(r.status).toBe('conflict');
    expect(r.reason).toMatch(/does not parse/);
    expect(r.conflicts.length).toBeGreaterThan(0);
  });

  test('inputs with conflict markers are refused', async () => {
    const bad = 'a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n';
    const r = await mergeEntities({ base: 'a\n', ours: bad, theirs: 'a\nd\n', path: 'x.ts' });
    expect(r.status).toBe('refused');
    expect(r.reason).toMatch(/conflict markers/);
  });

  test('unsupported languages, binary inputs, parse errors and files created on both sides are refused', async () => {
    expect((await mergeEntities({ base: 'a\n', ours: 'b\n', theirs: 'c\n', path: 'notes.md' })).status).toBe('refused');
    expect((await mergeEntities({ base: 'a\n', ours: 'b\0', theirs: 'c\n', path: 'x.ts' })).reason).toMatch(/binary/);
    const broken = await mergeEntities({ base: 'function a() {}\n', ours: 'function a( {}\n', theirs: 'function a() { 1; }\n', path: 'x.ts' });
    expect(broken.status).toBe('refused');
    expect(broken.reason).toMatch(/ours does not parse/);
    expect((await mergeEntities({ base: '', ours: 'fn a() {}\n', theirs: 'fn b() {}\n', path: 'x.rs' })).reason).toMatch(/both sides created/);
  });

  test('a changed number of same-named definitions is refused as ambiguous', async () => {
    const base = 'impl A {\n    fn a() {}\n}\n\nimpl A {\n    fn b() {}\n}\n';
    const ours = `${base}\nimpl A {\n    fn c() {}\n}\n`;
    const r = await mergeEntities({ base, ours, theirs: base.replace('fn b() {}', 'fn b() { 1; }'), path: 'x.rs' });
    expect(r.status).toBe('refused');
    expect(r.reason).toMatch(/ambiguous/);
  });

  test('CRLF, BOM and a missing final newline are restored when all inputs agree', async () => {
    const base = '\uFEFFfunction a() {}\r\n\r\nfunction b() {}';
    const r = await mergeEntities({
      base,
      ours: base.replace('a() {}', 'a() { 1; }'),
      theirs: base.replace('b() {}', 'b() { 2; }'),
      path: 'x.js',
    });
    expect(r.status).toBe('clean');
    expect(r.text).toBe('\uFEFFfunction a() { 1; }\r\n\r\nfunction b() { 2; }');
  });

  test('one side unchanged takes the other side verbatim', async () => {
    const r = await mergeEntities({ base: 'x', ours: 'x', theirs: 'y = 1\n', path: 'anything.txt' });
    expect(r).toMatchObject({ status: 'clean', text: 'y = 1\n', method: 'line' });
  });
});

describe('formatConflictMarkers', () => {
  test('writes git-compatible markers with a base section', () => {
    const text = formatConflictMarkers({ ours: 'a\n', base: 'b', theirs: '' }, { ours: 'HEAD', base: 'base', theirs: 'story-2' }, 'function f (both modified)');
    expect(text).toBe('<<<<<<< HEAD — function f (both modified)\na\n||||||| base\nb\n=======\n>>>>>>> story-2 — function f (both modified)\n');
  });
});
