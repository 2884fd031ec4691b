import { extractEntities } from '../../src/analysis/extract.js';
import { parseSource } from '../../src/analysis/languages.js';
import { mergeEntities, sideOfConflicts } from '../../src/entity-merge/index.js';
import { pairAnonymous } from '../../src/entity-merge/anonymous.js';
import { AmbiguousScopeError } from '../../src/entity-merge/match.js';
import { listView } from '../../src/entity-merge/tree/list-view.js';
import { profileFor } from '../../src/entity-merge/tree/profile.js';

describe('listView: comments travel with their element', () => {
  test('a trailing same-line comment and a leading own-line comment belong to their elements', async () => {
    const source = 'use crate::{\n    foo, // warm\n    // last\n    bar,\n};\n';
    const tree = await parseSource(source, 'rust');
    try {
      const list = tree.rootNode.descendantsOfType('use_list')[0];
      if (!list) throw new Error('no use_list');
      const profile = profileFor('rust');
      const rule = profile.list(list);
      if (!rule) throw new Error('use_list has no rule');
      const view = listView(list, rule, profile, source);
      expect(view?.elements.map((e) => [e.key, e.core, e.sep, e.trailer, e.lead])).toEqual([
        ['p:foo', 'foo', ',', '// warm', ''],
        ['p:bar', 'bar', ',', '', '// last\n    '],
      ]);
      expect(view?.prefix).toBe('{\n    ');
      expect(view?.suffix).toBe('}');
    } finally {
      tree.delete();
    }
  });
});

describe('merging below the entity level', () => {
  test('both sides comment one use list: both comments are kept (the lost edit)', async () => {
    const base = 'use crate::{foo, bar};\n\nfn main() {}\n';
    const ours = 'use crate::{foo /* ours */, bar};\n\nfn main() {}\n';
    const theirs = 'use crate::{foo, bar /* theirs */};\n\nfn main() {}\n';
    const r = await mergeEntities({ base, ours, theirs, path: 'lib.rs' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe('use crate::{foo /* ours */, bar /* theirs */};\n\nfn main() {}\n');
  });

  test('a trailing line comment keeps the next element on its own line', async () => {
    const base = 'export const a = {\n  x: 1,\n};\n';
    const ours = 'export const a = {\n  x: 1, // one\n};\n';
    const theirs = 'export const a = {\n  x: 1,\n  y: 2,\n};\n';
    const r = await mergeEntities({ base, ours, theirs, path: 'a.ts' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe('export const a = {\n  x: 1, // one\n  y: 2,\n};\n');
  });

  test('default mode: two edits of one function body stay a conflict; diff3 mode merges different statements', async () => {
    const base = 'export function f(a: number): number {\n  const x = a + 1;\n  const y = 2;\n  return x + y;\n}\n';
    const ours = base.replace('a + 1', 'a + 10');
    const theirs = base.replace('return x + y;', 'return x * y;');
    const strict = await mergeEntities({ base, ours, theirs, path: 'f.ts' });
    expect(strict.status).toBe('conflict');
    // One box per changed stretch, each naming the function; every edit of both sides is inside a box.
    expect(strict.conflicts.map((c) => c.entity)).toEqual(['function f', 'function f']);
    expect(sideOfConflicts(strict.text, 'ours')).toBe(ours);
    expect(sideOfConflicts(strict.text, 'theirs')).toBe(theirs);
    const loose = await mergeEntities({ base, ours, theirs, path: 'f.ts' }, { sameEntity: 'diff3' });
    expect(loose.status).toBe('clean');
    expect(loose.text).toBe(base.replace('a + 1', 'a + 10').replace('return x + y;', 'return x * y;'));
  });

  test('diff3 mode merges JSX attributes both sides added inside one component body', async () => {
    const base = 'export function Send() {\n  return <Button kind="primary" />;\n}\n';
    const ours = base.replace('kind="primary"', 'kind="primary" disabled');
    const theirs = base.replace('kind="primary"', 'kind="primary" onClick={send}');
    expect((await mergeEntities({ base, ours, theirs, path: 's.tsx' })).status).toBe('conflict');
    const r = await mergeEntities({ base, ours, theirs, path: 's.tsx' }, { sameEntity: 'diff3' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe('export function Send() {\n  return <Button kind="primary" disabled onClick={send} />;\n}\n');
  });

  test('an object key both sides changed differently is a conflict; a nested object both extended merges', async () => {
    const base = 'export const c = f({ a: 1, s: { p: 1 } });\n';
    const conflict = await mergeEntities({ base, ours: base.replace('a: 1', 'a: 2'), theirs: base.replace('a: 1', 'a: 3'), path: 'c.ts' });
    expect(conflict.status).toBe('conflict');
    const merged = await mergeEntities({ base, ours: base.replace('p: 1', 'p: 1, q: 2'), theirs: base.replace('p: 1', 'p: 1, r: 3'), path: 'c.ts' });
    expect(merged.text).toBe('export const c = f({ a: 1, s: { p: 1, q: 2, r: 3 } });\n');
  });

  test('an object with a spread keeps its order: both adding keys at one place conflicts', async () => {
    const base = 'export const c = f({ ...d, a: 1 });\n';
    const r = await mergeEntities({ base, ours: base.replace('a: 1', 'a: 1, b: 2'), theirs: base.replace('a: 1', 'a: 1, c: 3'), path: 'c.ts' });
    expect(r.status).toBe('conflict');
  });

  test('a Python statement body reindented on one side and edited on the other is a conflict (indentation is syntax)', async () => {
    const base = 'def f(x):\n    y = x\n    return y\n';
    const ours = 'def f(x):\n  y = x\n  return y\n';
    const theirs = 'def f(x):\n    y = x + 1\n    return y\n';
    expect((await mergeEntities({ base, ours, theirs, path: 'f.py' })).status).toBe('conflict');
  });

  test('a Python method re-wrapped and re-quoted by a formatter on one side and edited on the other merges, in the new layout', async () => {
    const base = "class Mail:\n    def send(self, to, msg):\n        factory = Factory(self.user, self.password, to, msg, fallback=True, name='smtp')\n        return factory\n";
    const ours = 'class Mail:\n    def send(self, to, msg):\n        factory = Factory(\n            self.user, self.password, to, msg, fallback=True, name="smtp"\n        )\n        return factory\n';
    const theirs = "class Mail:\n    def send(self, to, msg):\n        factory = Factory(self.user, self.password, to, msg, fallback=True, name='smtp')\n        factory.noisy = False\n        return factory\n";
    const r = await mergeEntities({ base, ours, theirs, path: 'mail.py' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe(ours.replace('        return factory', '        factory.noisy = False\n        return factory'));
    // Re-quoting that needs an escape changes the string's content: an edit, so a conflict.
    const escaped = base.replace("name='smtp'", 'name="sm\\"tp"');
    expect((await mergeEntities({ base, ours: escaped, theirs, path: 'mail.py' })).status).toBe('conflict');
  });

  test('a Python statement moved out of its block is an edit, though its tokens are the same', async () => {
    const base = 'def f(x):\n    if x:\n        a()\n        b()\n    return x\n';
    const ours = 'def f(x):\n    if x:\n        a()\n    b()\n    return x\n';
    const theirs = 'def f(x):\n    if x:\n        a()\n        b()\n    return x + 1\n';
    expect((await mergeEntities({ base, ours, theirs, path: 'f.py' })).status).toBe('conflict');
  });

  test('a trailing comma is layout, except the one that makes a one-element tuple', async () => {
    const base = 'def f(a, b):\n    g(a, b)\n    return (a, b)\n';
    const theirs = 'def f(a, b):\n    g(a, b)\n    return (a, b)\n\n\nX = 1\n';
    // A formatter's trailing comma in a call and a two-element tuple, with an edit of the same function elsewhere.
    const ours = 'def f(a, b):\n    g(\n        a,\n        b,\n    )\n    return (a, b,)\n';
    const edited = 'def f(a, b):\n    g(a, b)\n    h()\n    return (a, b)\n';
    expect((await mergeEntities({ base, ours, theirs: edited, path: 'f.py' })).status).toBe('clean');
    // `(a,)` is a tuple, `(a)` is not: an edit, so it conflicts with the other side's edit of the function.
    const tupleBase = 'def f(a):\n    g(a)\n    return (a)\n';
    const tupleOurs = 'def f(a):\n    g(a)\n    return (a,)\n';
    const tupleTheirs = 'def f(a):\n    g(a)\n    h()\n    return (a)\n';
    expect((await mergeEntities({ base: tupleBase, ours: tupleOurs, theirs: tupleTheirs, path: 'f.py' })).status).toBe('conflict');
    expect((await mergeEntities({ base, ours, theirs, path: 'f.py' })).status).toBe('clean');
  });

  test('a re-quoted string the merge would have to drop is a conflict, not a silent loss', async () => {
    const base = "def f(url):\n    return Request(\n        url,\n        meta={'a': True}\n    )\n";
    // The formatter re-quoted and added a trailing comma; the other side added an argument after that element.
    const theirs = 'def f(url):\n    return Request(\n        url,\n        meta={"a": True},\n    )\n';
    const ours = "def f(url):\n    return Request(\n        url,\n        meta={'a': True},\n        callback=None,\n    )\n";
    expect((await mergeEntities({ base, ours, theirs, path: 'f.py' })).status).toBe('conflict');
    // With a whitespace-only re-layout instead, both changes are kept.
    const spaced = "def f(url):\n    return Request(\n        url,\n        meta={'a':  True}\n    )\n";
    const r = await mergeEntities({ base, ours, theirs: spaced, path: 'f.py' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe("def f(url):\n    return Request(\n        url,\n        meta={'a':  True},\n        callback=None,\n    )\n");
  });

  test('whitespace inside a string is content, also where the grammar leaves string content uncovered (Rust)', async () => {
    const base = 'fn f() -> String {\n    let a = "x  y";\n    format!("{}", a)\n}\n';
    const ours = 'fn f() -> String {\n    let a =\n        "x y";\n    format!("{}", a)\n}\n';
    const theirs = 'fn f() -> String {\n    let a = "x  y";\n    format!("{}!", a)\n}\n';
    expect((await mergeEntities({ base, ours, theirs, path: 'f.rs' })).status).toBe('conflict');
  });

  test("a TS function re-quoted on one side ('a' to \"a\") and edited on the other merges", async () => {
    const base = "export function f(): string {\n  const a = 'x';\n  return a;\n}\n";
    const ours = 'export function f(): string {\n  const a = "x";\n  return a;\n}\n';
    const theirs = "export function f(): string {\n  const a = 'x';\n  return a + '!';\n}\n";
    const r = await mergeEntities({ base, ours, theirs, path: 'f.ts' });
    expect(r.status).toBe('clean');
    expect(r.text).toBe(`export function f(): string {\n  const a = "x";\n  return a + '!';\n}\n`);
  });
});

describe('anonymous items', () => {
  const block = (body: string): string => `const _: () = {\n    ${body}\n};\n`;

  test('an edited const _ is paired with the one it replaced, so both sides regenerating it conflict instead of emitting it twice', async () => {
    const base = `pub struct P;\n\n${block('impl A for P {}')}`;
    const ours = `pub struct P;\n\n${block('impl A for P { fn a() {} }')}`;
    const theirs = `pub struct P;\n\n${block('impl A for P { fn b() {} }')}`;
    const r = await mergeEntities({ base, ours, theirs, path: 'p.rs' });
    expect(r.status).toBe('conflict');
    expect(r.conflicts.map((c) => c.entity)).toEqual(['const _']);
  });

  test('several anonymous items removed and added on one side cannot be paired: ambiguous', async () => {
    const [base, ours, theirs] = await Promise.all(
      [
        `${block('impl A for P {}')}\n${block('impl B for P {}')}`,
        `${block('impl A for P { fn a() {} }')}\n${block('impl B for P { fn b() {} }')}`,
        `${block('impl A for P {}')}\n${block('impl B for P {}')}`,
      ].map(async (t) => (await extractEntities(t, 'rust')).entities),
    );
    expect(() => pairAnonymous(base ?? [], ours ?? [], theirs ?? [])).toThrow(AmbiguousScopeError);
  });
});
