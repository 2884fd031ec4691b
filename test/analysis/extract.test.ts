import { extractEntities, flattenEntities, languageForPath, loadLanguage, references } from '../../src/analysis/index.js';
import type { Entity } from '../../src/analysis/index.js';

function byName(entities: Entity[], qualifiedName: string): Entity {
  const e = flattenEntities(entities).find((x) => x.qualifiedName === qualifiedName);
  if (!e) throw new Error(`no entity ${qualifiedName} in ${flattenEntities(entities).map((x) => x.qualifiedName).join(', ')}`);
  return e;
}

describe('languageForPath / loadLanguage', () => {
  test('maps extensions to grammars', () => {
    expect(languageForPath('src/a.ts')).toBe('typescript');
    expect(languageForPath('src/A.TSX')).toBe('tsx');
    for (const p of ['a.js', 'a.jsx', 'a.mjs', 'a.cjs']) expect(languageForPath(p)).toBe('javascript');
    expect(languageForPath('m.py')).toBe('python');
    expect(languageForPath('lib.rs')).toBe('rust');
    expect(languageForPath('README.md')).toBeNull();
  });

  test('loads each grammar once', async () => {
    const [a, b] = await Promise.all([loadLanguage('rust'), loadLanguage('rust')]);
    expect(a).toBe(b);
  });
});

describe('TypeScript extraction', () => {
  const source = [
    "import React, { useState, type X } from 'react';", // 1
    "import './polyfill';", // 2
    '', // 3
    '/** Shopping cart. */', // 4
    '@Injectable()', // 5
    'export class Cart {', // 6
    '  items: Item[] = [];', // 7
    '', // 8
    '  // Sum of prices.', // 9
    '  @Memo()', // 10
    '  total(): number {', // 11
    '    return 0;', // 12
    '  }', // 13
    '  get size() { return 1; }', // 14
    '  set size(v: number) {}', // 15
    '}', // 16
    '', // 17
    'export interface Options {', // 18
    '  cwd: string;', // 19
    '  run(): void;', // 20
    '}', // 21
    'export type Id = string;', // 22
    "export const greeting = 'héllo 日本 😀', other = () => 1;", // 23
    'const app = createApp();', // 24
    'export default function () {}', // 25
    'enum Color { Red }', // 26
    '',
  ].join('\n');

  test('names, kinds, keys and qualified names', async () => {
    const r = await extractEntities(source, 'typescript');
    expect(r.hasErrors).toBe(false);
    expect(r.problems).toEqual([]);
    expect(r.entities.map((e) => `${e.kind} ${e.name}`)).toEqual([
      'import react',
      'import ./polyfill (side effect)',
      'class Cart',
      'interface Options',
      'type Id',
      'variable greeting,other',
      'variable app',
      'function default',
      'enum Color',
    ]);
    const total = byName(r.entities, 'Cart.total');
    expect(total.kind).toBe('method');
    expect(total.key).toBe('value:Cart#0/value:total#0');
    expect(total.parentKey).toBe('value:Cart#0');
    expect(byName(r.entities, 'Options.run').kind).toBe('method');
    expect(byName(r.entities, 'Options.cwd').kind).toBe('field');
    expect(byName(r.entities, 'Id').key).toBe('type:Id#0');
  });

  test('spans cover decorators and attached comments, whole lines', async () => {
    const r = await extractEntities(source, 'typescript');
    const cart = byName(r.entities, 'Cart');
    expect([cart.startLine, cart.endLine]).toEqual([4, 16]);
    expect(cart.text.startsWith('/** Shopping cart. */\n@Injectable()\n')).toBe(true);
    expect(cart.container).toBe(true);
    const total = byName(r.entities, 'Cart.total');
    expect([total.startLine, total.endLine]).toEqual([9, 13]);
    expect(total.text).toBe('  // Sum of prices.\n  @Memo()\n  total(): number {\n    return 0;\n  }\n');
    expect(source.slice(total.startByte, total.endByte)).toBe(total.text);
  });

  test('folds get/set pairs, marks ordered entities', async () => {
    const r = await extractEntities(source, 'typescript');
    const size = byName(r.entities, 'Cart.size');
    expect([size.startLine, size.endLine]).toEqual([14, 15]);
    expect(byName(r.entities, 'Cart.items').ordered).toBe(true);
    expect(byName(r.entities, 'app').ordered).toBe(true);
    expect(byName(r.entities, 'greeting,other').ordered).toBe(false);
    expect(r.entities[1]?.ordered).toBe(true);
  });

  test('non-ASCII text is sliced by the right offsets', async () => {
    const r = await extractEntities(source, 'typescript');
    const g = byName(r.entities, 'greeting,other');
    expect(g.text).toBe("export const greeting = 'héllo 日本 😀', other = () => 1;\n");
    const after = byName(r.entities, 'app');
    expect(after.text).toBe('const app = createApp();\n');
  });

  test('imports expose names and specifier lists', async () => {
    const r = await extractEntities(source, 'typescript');
    const imp = r.entities[0];
    expect(imp?.imports?.source).toBe('react');
    expect(imp?.imports?.names).toEqual(['React', 'useState', 'X']);
    expect(imp?.imports?.specifiers?.items).toEqual(['useState', 'type X']);
  });

  test('a comment followed by a blank line stays in the gap', async () => {
    const r = await extractEntities('// section\n\nfunction f() {}\n', 'typescript');
    expect(r.entities[0]?.startLine).toBe(3);
  });

  test('reports parse errors and entities sharing a line', async () => {
    expect((await extractEntities('function f( {\n', 'typescript')).hasErrors).toBe(true);
    expect((await extractEntities('function a() {} function b() {}\n', 'typescript')).problems.length).toBeGreaterThan(0);
  });

  test('TSX and JavaScript use the same classification', async () => {
    const tsx = await extractEntities('export function A() {\n  return <div>ü</div>;\n}\n', 'tsx');
    expect(tsx.entities.map((e) => e.qualifiedName)).toEqual(['A']);
    const js = await extractEntities('const o = {\n  a: 1,\n  m() {},\n};\nclass K {\n  x() {}\n}\n', 'javascript');
    expect(flattenEntities(js.entities).map((e) => `${e.kind} ${e.qualifiedName}`)).toEqual(['variable o', 'field o.a', 'method o.m', 'class K', 'method K.x']);
  });
});

describe('CommonJS class export', () => {
  test('`module.exports = class Name` is the class Name, with its members, in statement order', async () => {
    const source = ['const Base = require("./base");', '', 'module.exports = class Shelf extends Base {', '  add(x) {', '    return x;', '  }', '};', '', 'module.exports.kind = "shelf";', ''].join('\n');
    const r = await extractEntities(source, 'javascript');
    const shelf = byName(r.entities, 'Shelf');
    expect(shelf.kind).toBe('class');
    expect(shelf.ordered).toBe(true);
    expect([shelf.startLine, shelf.endLine]).toEqual([3, 7]);
    expect(byName(r.entities, 'Shelf.add').kind).toBe('method');
    // Assignments of other values stay statements (gap text), not entities.
    expect(flattenEntities(r.entities).map((e) => e.qualifiedName)).toEqual(['Base', 'Shelf', 'Shelf.add']);
  });

  test('functions assigned to exports and prototypes are ordered function entities named by their target', async () => {
    const source = ['module.exports = function cast(v) {', '  return v;', '};', 'exports.helper = (x) => x;', 'Shelf.prototype.add = function(x) {', '  return x;', '};', 'Shelf.size = 3;', ''].join('\n');
    const r = await extractEntities(source, 'javascript');
    expect(r.entities.map((e) => [e.qualifiedName, e.kind, e.ordered, e.startLine, e.endLine])).toEqual([
      ['module.exports', 'function', true, 1, 3],
      ['exports.helper', 'function', true, 4, 4],
      ['Shelf.prototype.add', 'function', true, 5, 7],
    ]);
    expect(r.entities[2]?.signature).toContain('function(x)');
  });
});

describe('JavaScript test suites', () => {
  test('describe is a container of its tests and hooks; tests are keyed by title, hooks are ordered', async () => {
    const source = [
      "describe('cart', function() {",
      '  beforeEach(() => {',
      '    reset();',
      '  });',
      '',
      "  it('is empty', () => {",
      '    expect(total()).toBe(0);',
      '  });',
      '',
      "  it.skip(`adds ${'x'}`, () => {});",
      '',
      "  describe.only('discounts', () => {",
      "    test('apply once', async function () {",
      '      await apply();',
      '    });',
      '  });',
      '});',
      "it(name, () => {});",
      '',
    ].join('\n');
    const r = await extractEntities(source, 'javascript');
    expect(flattenEntities(r.entities).map((e) => [e.qualifiedName, e.kind, e.ordered])).toEqual([
      ['"cart"', 'suite', false],
      ['"cart" > beforeEach', 'hook', true],
      ['"cart" > "is empty"', 'test', false],
      ['"cart" > "discounts"', 'suite', false],
      ['"cart" > "discounts" > "apply once"', 'test', false],
    ]);
    // A title with substitutions, or a computed one, has no stable identity: those calls stay statements.
    expect(byName(r.entities, '"cart"').container).toBe(true);
  });

  test('two tests of one title stay two entities (not folded like overloads); a suite and a test may share a title', async () => {
    const source = ["describe('x', () => {", "  it('x', () => {", '    a();', '  });', "  it('x', () => {", '    b();', '  });', '});', ''].join('\n');
    const r = await extractEntities(source, 'javascript');
    expect(flattenEntities(r.entities).map((e) => [e.key, e.startLine, e.endLine])).toEqual([
      ['module:"x"#0', 1, 8],
      ['module:"x"#0/value:"x"#0', 2, 4],
      ['module:"x"#0/value:"x"#1', 5, 7],
    ]);
  });
});

describe('Python extraction', () => {
  const source = [
    'import os, sys', // 1
    'from typing import (', // 2
    '    List,', // 3
    '    Dict,', // 4
    ')', // 5
    'LIMIT = 10', // 6
    '', // 7
    '', // 8
    '# A thing.', // 9
    '@dataclass', // 10
    'class Thing:', // 11
    '    """Docstring."""', // 12
    '    size = 1', // 13
    '', // 14
    '    @property', // 15
    '    def name(self):', // 16
    '        return "ünï"', // 17
    '', // 18
    '    @name.setter', // 19
    '    def name(self, v):', // 20
    '        pass', // 21
    '    # trailing comment inside the block', // 22
    '', // 23
    '', // 24
    'def main():', // 25
    '    pass', // 26
    '',
  ].join('\n');

  test('entities, decorated spans, folded property setter', async () => {
    const r = await extractEntities(source, 'python');
    expect(r.hasErrors).toBe(false);
    expect(r.problems).toEqual([]);
    expect(r.entities.map((e) => `${e.kind} ${e.qualifiedName}`)).toEqual([
      'import import os, sys',
      'import from typing',
      'variable LIMIT',
      'class Thing',
      'function main',
    ]);
    const thing = byName(r.entities, 'Thing');
    expect([thing.startLine, thing.endLine]).toEqual([9, 21]);
    const name = byName(r.entities, 'Thing.name');
    expect(name.kind).toBe('method');
    expect([name.startLine, name.endLine]).toEqual([15, 21]);
    const size = byName(r.entities, 'Thing.size');
    expect(size.kind).toBe('field');
    // A class attribute bound to a literal commutes with its neighbours; an annotated or computed one does not.
    expect(size.ordered).toBe(false);
    expect(byName(r.entities, 'LIMIT').ordered).toBe(false);
  });

  test('from-imports expose their names', async () => {
    const r = await extractEntities(source, 'python');
    const imp = byName(r.entities, 'from typing');
    expect(imp.imports?.names).toEqual(['List', 'Dict']);
    expect(imp.imports?.specifiers?.items).toEqual(['List', 'Dict']);
  });

  test('a module-level call made once is an ordered entity; calls of a function made twice stay text', async () => {
    const r = await extractEntities("setup(name='x')\nregister(A)\nregister(B)\n", 'python');
    expect(r.entities.map((e) => [e.kind, e.name, e.ordered])).toEqual([['call', 'setup()', true]]);
  });
});

describe('Rust extraction', () => {
  const source = [
    '//! Crate docs.', // 1
    'use std::collections::{HashMap, HashSet};', // 2
    '', // 3
    '/// A point.', // 4
    '#[derive(Debug)]', // 5
    'pub struct Point<\'a> {', // 6
    '    pub x: f64,', // 7
    '    label: &\'a str,', // 8
    '}', // 9
    '', // 10
    'impl<\'a> fmt::Display for Point<\'a> {', // 11
    '    #[inline]', // 12
    '    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {', // 13
    '        write!(f, "ß")', // 14
    '    }', // 15
    '}', // 16
    '', // 17
    'mod tests {', // 18
    '    #[test]', // 19
    '    fn works() {}', // 20
    '}', // 21
    'macro_rules! m { () => {} }', // 22
    'const _: () = ();', // 23
    '',
  ].join('\n');

  test('items, impl keys without lifetimes, qualified names', async () => {
    const r = await extractEntities(source, 'rust');
    expect(r.hasErrors).toBe(false);
    expect(r.problems).toEqual([]);
    expect(r.entities.map((e) => `${e.kind} ${e.name}`)).toEqual([
      'import use std::collections::{}',
      'struct Point',
      'impl fmt::Display for Point',
      'module tests',
      'macro m',
      expect.stringMatching(/^variable _#[0-9a-f]{12}$/),
    ]);
    expect(byName(r.entities, 'fmt::Display for Point::fmt').kind).toBe('method');
    expect(byName(r.entities, 'tests::works').kind).toBe('function');
    // Fields commute unless their order is layout (repr) or comparison order (derive PartialOrd/Ord); Point derives Debug only.
    expect(byName(r.entities, 'Point::x').ordered).toBe(false);
  });

  test('attributes and doc comments are in the span, inner docs are not', async () => {
    const r = await extractEntities(source, 'rust');
    const point = byName(r.entities, 'Point');
    expect([point.startLine, point.endLine]).toEqual([4, 9]);
    const fmt = byName(r.entities, 'fmt::Display for Point::fmt');
    expect([fmt.startLine, fmt.endLine]).toEqual([12, 15]);
    const works = byName(r.entities, 'tests::works');
    expect(works.text).toBe('    #[test]\n    fn works() {}\n');
    const use = r.entities[0];
    expect(use?.startLine).toBe(2);
    expect(use?.imports?.specifiers?.items).toEqual(['HashMap', 'HashSet']);
  });

  test('a use list binds the module for `self`, an alias for `self as`, and what nested lists bind', async () => {
    const source = ['use crate::compiler::compilation::{self, UnitOutput};', 'use std::io::{self as sio, Read};', 'use a::b::{C, d::{self, E}};', ''].join('\n');
    const r = await extractEntities(source, 'rust');
    expect(r.entities.map((e) => e.imports?.names)).toEqual([['compilation', 'UnitOutput'], ['sio', 'Read'], ['C', 'd', 'E']]);
  });
});

describe('Rust item-level macro calls and crate attributes', () => {
  test('a macro call is keyed by macro and first identifier; shared keys and calls without one stay text', async () => {
    const source = [
      '#![feature(a)]',
      '#![cfg_attr(bootstrap, feature(b))]',
      '',
      'test!(runs_hello {',
      '    let p = 1;',
      '});',
      '',
      'cfg_if! { if #[cfg(unix)] { mod unix; } }',
      'cfg_if! { if #[cfg(windows)] { mod windows; } }',
      'vec_impls!();',
      '',
    ].join('\n');
    const r = await extractEntities(source, 'rust');
    expect(r.entities.map((e) => [e.kind, e.name])).toEqual([
      ['attribute', '#![feature(a)]'],
      ['attribute', '#![cfg_attr(bootstrap, feature(b))]'],
      ['macro', 'test!(runs_hello)'],
    ]);
  });
});

describe('references', () => {
  test('collects referenced identifiers, not declaration names', async () => {
    const refs = await references('function f() {\n  return g(x.total);\n}\n', 'typescript');
    expect(refs.has('g')).toBe(true);
    expect(refs.has('total')).toBe(true);
    expect(refs.has('f')).toBe(false);
    const py = await references('def f():\n    return helper(1)\n', 'python');
    expect([...py]).toEqual(['helper']);
  });
});
