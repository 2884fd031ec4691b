import { describeFailure, judgeMerge } from '../../bench/merge-judge.js';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('judge of clean merges that differ from the human', () => {
  const base = lines('export function a(): number {', '  return 1;', '}', '');
  const ours = lines('export function a(): number {', '  return 1;', '}', '', 'export function b(): number {', '  return 2;', '}');
  const theirs = lines('export function a(): number {', '  return 1;', '}', '', 'export function c(): number {', '  return 3;', '}');
  const human = lines('export function a(): number {', '  return 1;', '}', '', 'export function b(): number {', '  return 2;', '}', '', 'export function c(): number {', '  return 3;', '}');

  test('another order of both additions is OK', async () => {
    const merged = lines('export function a(): number {', '  return 1;', '}', '', 'export function c(): number {', '  return 3;', '}', '', 'export function b(): number {', '  return 2;', '}');
    const verdict = await judgeMerge({ path: 'm.ts', base, ours, theirs, human, merged });
    expect(verdict).toEqual({ ok: true, failures: [] });
  });

  test('a dropped addition the human kept is wrong (line and entity)', async () => {
    const verdict = await judgeMerge({ path: 'm.ts', base, ours, theirs, human, merged: ours });
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual(
      expect.arrayContaining([
        { check: 'lost-line', line: 'export function c(): number {' },
        { check: 'lost-line', line: 'return 3;' },
        { check: 'lost-entity', name: 'value:c' },
      ]),
    );
  });

  test('a line one side deleted stays deleted: its words are not counted as lost from the other side\'s additions', async () => {
    const b = lines('import os', 'import sys', 'from json import dumps', '', 'print(os, sys, dumps)');
    // Ours adds an import; theirs deletes another one. The human kept both old imports anyway.
    const o = lines('import os', 'import sys', 'from json import dumps', 'from re import compile', '', 'print(os, sys, dumps, compile)');
    const t = lines('import os', 'from json import dumps', '', 'print(os, dumps)');
    const h = lines('import os', 'import sys', 'from json import dumps', 'from re import compile', '', 'print(os, dumps, compile)');
    const merged = lines('import os', 'from json import dumps', 'from re import compile', '', 'print(os, dumps, compile)');
    expect(await judgeMerge({ path: 'm.py', base: b, ours: o, theirs: t, human: h, merged })).toEqual({ ok: true, failures: [] });
    // Losing the addition itself is still wrong.
    const lostAddition = lines('import os', 'from json import dumps', '', 'print(os, dumps, compile)');
    expect((await judgeMerge({ path: 'm.py', base: b, ours: o, theirs: t, human: h, merged: lostAddition })).ok).toBe(false);
  });

  test('an addition the human dropped may be dropped', async () => {
    const humanWithoutC = ours;
    const verdict = await judgeMerge({ path: 'm.ts', base, ours, theirs, human: humanWithoutC, merged: lines('export function a(): number {', '  return 1;', '}', '', 'export function b(): number {', '  return 2;', '}') });
    expect(verdict.ok).toBe(true);
  });

  test('a function defined twice is wrong, unless an input had it twice', async () => {
    const merged = `${human}\nexport function b(): number {\n  return 2;\n}\n`;
    const verdict = await judgeMerge({ path: 'm.ts', base, ours, theirs, human, merged });
    expect(verdict.failures).toContainEqual({ check: 'duplicate', name: '/function_declaration b', count: 2 });
    expect(verdict.ok).toBe(false);
    const oursTwice = `${ours}\nexport function b(): number {\n  return 2;\n}\n`;
    const allowed = await judgeMerge({ path: 'm.ts', base, ours: oursTwice, theirs, human, merged });
    expect(allowed.failures.filter((f) => f.check === 'duplicate')).toEqual([]);
  });

  test('a method defined twice in a Python class is wrong', async () => {
    const pyBase = lines('class A:', '    def f(self):', '        return 1', '');
    const pyOurs = lines('class A:', '    def f(self):', '        return 1', '', '    def g(self):', '        return 2');
    const pyTheirs = lines('class A:', '    def f(self):', '        return 10', '');
    const pyHuman = lines('class A:', '    def f(self):', '        return 10', '', '    def g(self):', '        return 2');
    const merged = lines('class A:', '    def f(self):', '        return 10', '', '    def g(self):', '        return 2', '', '    def g(self):', '        return 2');
    const verdict = await judgeMerge({ path: 'a.py', base: pyBase, ours: pyOurs, theirs: pyTheirs, human: pyHuman, merged });
    expect(verdict.ok).toBe(false);
    expect(verdict.failures.map((f) => f.check)).toEqual(['duplicate']);
    expect(describeFailure(verdict.failures[0] ?? { check: 'lost-line', line: '' })).toMatch(/defined 2 times: .*g/);
  });

  test('the same Rust trait impl emitted twice is wrong', async () => {
    const rsBase = lines('struct S;', '');
    const rsOurs = lines('struct S;', '', 'impl Clone for S {', '    fn clone(&self) -> Self { S }', '}');
    const rsTheirs = lines('struct S;', '', 'impl Clone for S {', '    fn clone(&self) -> Self { S }', '}', '', 'fn helper() {}');
    const rsHuman = rsTheirs;
    const merged = lines('struct S;', '', 'impl Clone for S {', '    fn clone(&self) -> Self { S }', '}', '', 'impl Clone for S {', '    fn clone(&self) -> Self { S }', '}', '', 'fn helper() {}');
    const verdict = await judgeMerge({ path: 'lib.rs', base: rsBase, ours: rsOurs, theirs: rsTheirs, human: rsHuman, merged });
    expect(verdict.ok).toBe(false);
    expect(verdict.failures.some((f) => f.check === 'duplicate')).toBe(true);
  });

  test('a result that does not parse is wrong; parse errors the human file already had are not counted', async () => {
    const broken = human.replace('  return 3;\n}', '  return 3;\n');
    const verdict = await judgeMerge({ path: 'm.ts', base, ours, theirs, human, merged: broken });
    expect(verdict.failures.some((f) => f.check === 'parse')).toBe(true);
    const sameAsHuman = await judgeMerge({ path: 'm.ts', base, ours, theirs, human: broken, merged: `${broken}\n` });
    expect(sameAsHuman.failures.filter((f) => f.check === 'parse')).toEqual([]);
  });

  test('a lost edit inside a use list (both sides changed it, the result is the base) is wrong', async () => {
    const rsBase = lines('use crate::{foo, bar};', '');
    const rsOurs = lines('use crate::{foo, /* keep */ bar};', '');
    const rsTheirs = lines('use crate::{foo, bar, baz};', '');
    const rsHuman = lines('use crate::{foo, /* keep */ bar, baz};', '');
    const verdict = await judgeMerge({ path: 'lib.rs', base: rsBase, ours: rsOurs, theirs: rsTheirs, human: rsHuman, merged: rsBase });
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual(expect.arrayContaining([{ check: 'lost-word', word: 'keep' }, { check: 'lost-word', word: 'baz' }]));
  });

  test('moving a line is neither an addition nor a loss; blank lines and braces do not count', async () => {
    const jsBase = lines('const x = 1;', 'const y = 2;', '');
    const jsOurs = lines('const y = 2;', 'const x = 1;', '');
    const jsTheirs = lines('const x = 1;', 'const y = 2;', 'const z = 3;');
    const jsHuman = lines('const y = 2;', 'const x = 1;', 'const z = 3;');
    const merged = lines('const x = 1;', '', 'const y = 2;', 'const z = 3;');
    const verdict = await judgeMerge({ path: 'a.js', base: jsBase, ours: jsOurs, theirs: jsTheirs, human: jsHuman, merged });
    expect(verdict).toEqual({ ok: true, failures: [] });
  });

  test('a list re-wrapped one item per line keeps its lines; dropping the continuation backslashes does not', async () => {
    const pyBase = lines('from m import (a,', '    b)', '');
    const pyOurs = lines('from m import (a,', '    b, c)', '');
    const pyTheirs = lines('from m import (a, z,', '    b)', '');
    const pyHuman = lines('from m import (a, z,', '    b, c)', '');
    const rewrapped = lines('from m import (', '    a,', '    z,', '    b, c)', '');
    expect(await judgeMerge({ path: 'a.py', base: pyBase, ours: pyOurs, theirs: pyTheirs, human: pyHuman, merged: rewrapped })).toEqual({ ok: true, failures: [] });
    const slashBase = lines('from m import a, \\', '    b', '');
    const slashOurs = lines('from m import a, \\', '    b, c', '');
    const slashTheirs = lines('from m import a, z, \\', '    b', '');
    const slashHuman = lines('from m import a, z, \\', '    b, c', '');
    const broken = lines('from m import a, z,', 'b, c', '');
    const verdict = await judgeMerge({ path: 'a.py', base: slashBase, ours: slashOurs, theirs: slashTheirs, human: slashHuman, merged: broken });
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toContainEqual({ check: 'lost-line', line: 'from m import a, z, \\' });
  });

  test('a name the result still uses but no longer imports is wrong when the human kept the import', async () => {
    const b = lines('from json import dumps', 'from re import compile', '', 'def save(x):', '    return dumps(x)', '');
    // Ours stops using `compile` and deletes its import; theirs adds a function that uses it.
    const o = lines('from json import dumps', '', 'def save(x):', '    return dumps(x)', '');
    const t = lines(...b.trimEnd().split('\n'), '', 'def pattern(s):', '    return compile(s)', '');
    const merged = lines('from json import dumps', '', 'def save(x):', '    return dumps(x)', '', 'def pattern(s):', '    return compile(s)', '');
    const verdict = await judgeMerge({ path: 'm.py', base: b, ours: o, theirs: t, human: t, merged });
    expect(verdict.failures).toEqual([{ check: 'unimported', name: 'compile' }]);
    expect(describeFailure({ check: 'unimported', name: 'compile' })).toMatch(/compile/);
    // A member of that name (`re.compile`, `x.compile`) is not the imported name.
    const member = merged.replace('return compile(s)', 'return s.compile()');
    expect((await judgeMerge({ path: 'm.py', base: b, ours: o, theirs: t, human: t.replace('return compile(s)', 'return compile(s) or s.compile()'), merged: member })).failures).toEqual([]);
  });
});
