import { extractEntities, flattenEntities } from '../../src/analysis/index.js';
import type { Entity, LanguageId } from '../../src/analysis/index.js';

async function entity(source: string, lang: LanguageId, name: string): Promise<Entity> {
  const found = flattenEntities((await extractEntities(source, lang)).entities).find((e) => e.name === name);
  if (!found) throw new Error(`no entity ${name}`);
  return found;
}

/** The signature extraction recorded on the entity named `name` in `source`. */
async function sig(source: string, lang: LanguageId, name: string): Promise<string | null | undefined> {
  return (await entity(source, lang, name)).signature;
}

describe('Entity.signature', () => {
  test('TypeScript: the text before the body, comments dropped, whitespace collapsed', async () => {
    const src = [
      '/** Formats cents as {whole}.{cents}. */',
      'export function format(',
      '  cents: number, // never negative',
      '  sep = "{",',
      '): string /* } */ {',
      '  const t = `${cents} ${ {a: "}"}.a }`;',
      "  return t + '}';",
      '}',
      '',
    ].join('\n');
    expect(await sig(src, 'typescript', 'format')).toBe('export function format( cents: number, sep = "{", ): string');
  });

  test('TypeScript: an object-typed return and overloads stay in the signature', async () => {
    const obj = 'export function box(n: number): { value: number } {\n  return { value: n };\n}\n';
    expect(await sig(obj, 'typescript', 'box')).toBe('export function box(n: number): { value: number }');
    const overloads = [
      'export function pick(a: string): string;',
      '// numbers too',
      'export function pick(a: number): number;',
      'export function pick(a: string | number): string | number {',
      '  return a;',
      '}',
      '',
    ].join('\n');
    expect(await sig(overloads, 'typescript', 'pick')).toBe(
      'export function pick(a: string): string; export function pick(a: number): number; export function pick(a: string | number): string | number',
    );
    const declared = 'export declare function only(a: string): string;\nexport declare function only(a: number): number;\n';
    expect(await sig(declared, 'typescript', 'only')).toBeNull();
  });

  test('TypeScript: decorators and modifiers are part of a method signature', async () => {
    const src = ['class Api {', '  @Get("/{id}")', '  async find<T>(id: string): Promise<T> {', '    return fetch(id) as T;', '  }', '}', ''].join('\n');
    expect(await sig(src, 'typescript', 'find')).toBe('@Get("/{id}") async find<T>(id: string): Promise<T>');
  });

  test('TypeScript: no return annotation means the body decides the type, so no separable signature', async () => {
    expect(await sig('export function total(xs: number[]) {\n  return xs.length;\n}\n', 'typescript', 'total')).toBeNull();
    const cls = 'export class Cart {\n  constructor(private items: number[]) {\n    this.items = items;\n  }\n}\n';
    expect(await sig(cls, 'typescript', 'constructor')).toBe('constructor(private items: number[])');
    expect(await sig(cls.replace('Cart', 'Box'), 'tsx', 'constructor')).toBe('constructor(private items: number[])');
  });

  test('JavaScript has no static types: the header is the signature even without annotations', async () => {
    expect(await sig('export function money(amount, currency) {\n  return `${amount} ${currency}`;\n}\n', 'javascript', 'money')).toBe(
      'export function money(amount, currency)',
    );
    const obj = 'export const api = {\n  get(path) {\n    return path;\n  },\n};\n';
    expect(await sig(obj, 'javascript', 'get')).toBe('get(path)');
  });

  test('Rust: attributes, lifetimes, char literals and raw strings', async () => {
    const src = [
      '/// The first part.',
      '#[inline] // hot',
      "pub fn first<'a>(s: &'a str) -> &'a str where 'a: 'static {",
      "    let open = '{';",
      '    let raw = r#"}"#;',
      '    s.split(open).next().unwrap_or(raw)',
      '}',
      '',
    ].join('\n');
    expect(await sig(src, 'rust', 'first')).toBe("#[inline] pub fn first<'a>(s: &'a str) -> &'a str where 'a: 'static");
    const method = 'impl Point {\n    pub fn norm(&self) -> f64 {\n        (self.x * self.x).sqrt()\n    }\n}\n';
    expect(await sig(method, 'rust', 'norm')).toBe('pub fn norm(&self) -> f64');
  });

  test('Python: decorators and the def line up to its colon', async () => {
    const src = [
      '@functools.lru_cache(maxsize=None)',
      'def label(n: int,  # small',
      '          sep: str = ":") -> str:  # cached',
      '    """Label {n}."""',
      '    return f"{n}{sep}"',
      '',
    ].join('\n');
    expect(await sig(src, 'python', 'label')).toBe('@functools.lru_cache(maxsize=None) def label(n: int, sep: str = ":") -> str:');
    const cls = 'class Shop:\n    async def buy(self, item: str) -> None:\n        pass\n';
    expect(await sig(cls, 'python', 'buy')).toBe('async def buy(self, item: str) -> None:');
  });

  test('no signature for what has no separable body: variables, bodiless declarations', async () => {
    expect(await sig('export const rate = 10;\n', 'typescript', 'rate')).toBeUndefined();
    expect(await sig('export const twice = (x: number): number => x * 2;\n', 'typescript', 'twice')).toBeUndefined();
    expect(await sig('export interface Shape {\n  area(): number;\n}\n', 'typescript', 'area')).toBeNull();
    expect(await sig('export abstract class Shape {\n  abstract area(): number;\n}\n', 'typescript', 'area')).toBeNull();
    expect(await sig('pub trait Shape {\n    fn area(&self) -> f64;\n}\n', 'rust', 'area')).toBeNull();
  });

  test('only functions and methods carry the field', async () => {
    const all = flattenEntities((await extractEntities('import { a } from "a";\nexport class K {\n  x = 1;\n  m(): void {}\n}\n', 'typescript')).entities);
    expect(all.filter((e) => 'signature' in e).map((e) => e.name)).toEqual(['m']);
  });
});
