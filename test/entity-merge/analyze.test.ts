import { analyze, conflictingDecisions, mergeWithAnalysis } from '../../src/entity-merge/index.js';
import type { EntityDecision, MergeAnalysis, ScopeDecisions } from '../../src/entity-merge/index.js';

function decisions(a: MergeAnalysis): ScopeDecisions {
  if (a.status !== 'analysed') throw new Error(`expected an entity analysis, got ${a.status}`);
  return a.decisions;
}

function byName(scope: ScopeDecisions): Map<string, EntityDecision> {
  return new Map(scope.entities.map((d) => [d.name, d]));
}

const cart = [
  'export class Cart {',
  '  total(): number {',
  '    return 0;',
  '  }',
  '',
  '  size(): number {',
  '    return 1;',
  '  }',
  '}',
  '',
  'export function a(): number {',
  '  return 1;',
  '}',
  '',
  'export function b(): number {',
  '  return 2;',
  '}',
  '',
  'export function gone(): number {',
  '  return 3;',
  '}',
  '',
].join('\n');

describe('analyze: the per-entity decisions the merge renders', () => {
  test('what each side did and what was decided, with line ranges per version', async () => {
    const ours = cart.replace('return 0;', 'return 10;').replace('return 1;\n}', 'return 11;\n}').replace(/export function gone[^}]*}\n\n?/, '');
    const theirs = `${cart.replace('return 1;\n  }', 'return 2;\n  }').replace('return 2;\n}', 'return 22;\n}')}\nexport function added(): number {\n  return 4;\n}\n`;
    const top = byName(decisions(await analyze({ base: cart, ours, theirs, path: 'cart.ts' })));
    expect(top.get('a')).toMatchObject({ decision: 'taken-ours', change: { ours: 'modified', theirs: 'unchanged' }, label: 'function a', lines: { base: [11, 13], ours: [11, 13], theirs: [11, 13] } });
    expect(top.get('b')).toMatchObject({ decision: 'taken-theirs', change: { ours: 'unchanged', theirs: 'modified' } });
    expect(top.get('gone')).toMatchObject({ decision: 'dropped', change: { ours: 'deleted', theirs: 'unchanged' } });
    expect(top.get('added')).toMatchObject({ decision: 'taken-theirs', change: { ours: 'absent', theirs: 'added' }, lines: { theirs: [23, 25] } });
    const klass = top.get('Cart');
    expect(klass).toMatchObject({ decision: 'merged-inside', via: 'members' });
    const members = byName(klass?.members ?? { entities: [], gaps: [] });
    expect(members.get('Cart.total')?.decision).toBe('taken-ours');
    expect(members.get('Cart.size')?.decision).toBe('taken-theirs');
  });

  test('conflicts carry a typed reason; a container holds its members’ conflicts', async () => {
    const ours = cart.replace('return 0;', 'return 10;').replace(/export function gone[^}]*}\n\n?/, '');
    const theirs = cart.replace('return 0;', 'return 20;').replace('return 3;', 'return 30;');
    const a = await analyze({ base: cart, ours, theirs, path: 'cart.ts' });
    const found = [...conflictingDecisions(decisions(a))].map((d) => [d.name, d.reason]);
    expect(found).toEqual([
      ['Cart', 'both-modified'],
      ['Cart.total', 'both-modified'],
      ['gone', 'delete-modify'],
    ]);
  });

  test('both added: identical → one decision both-added; different → conflict both-added', async () => {
    const add = (body: string): string => `${cart}\nexport function c(): number {\n  return ${body};\n}\n`;
    // Ours also edits `a`, so the files differ and the analysis runs.
    const same = await analyze({ base: cart, ours: add('5').replace('return 1;\n}', 'return 11;\n}'), theirs: add('5'), path: 'cart.ts' });
    expect(byName(decisions(same)).get('c')?.decision).toBe('both-added');
    expect(byName(decisions(await analyze({ base: cart, ours: add('5'), theirs: add('6'), path: 'cart.ts' }))).get('c')).toMatchObject({ decision: 'conflict', reason: 'both-added' });
  });

  test('top-level code outside declarations changed on both sides is a gap conflict of the file scope', async () => {
    const base = "const app = makeApp();\n\nfunction f() {}\n\napp.use('a');\n";
    const scope = decisions(await analyze({ base, ours: base.replace("'a'", "'b'"), theirs: base.replace("'a'", "'c'"), path: 'app.js' }));
    expect(scope.gaps).toEqual([{ label: 'gap after function f', keys: [] }]);
  });

  test('an entity the syntax tree merges is merged-inside, and the merge renders exactly that', async () => {
    const base = 'export const c = f({ a: 1, s: { p: 1 } });\n';
    const { analysis, outcome } = await mergeWithAnalysis({ base, ours: base.replace('p: 1', 'p: 1, q: 2'), theirs: base.replace('p: 1', 'p: 1, r: 3'), path: 'c.ts' });
    expect(byName(decisions(analysis)).get('c')).toMatchObject({ decision: 'merged-inside', via: 'tree' });
    expect(outcome).toMatchObject({ status: 'clean', text: 'export const c = f({ a: 1, s: { p: 1, q: 2, r: 3 } });\n' });
  });

  test('trivial, refused and unprepared analyses say why no entity was looked at', async () => {
    expect(await analyze({ base: cart, ours: cart, theirs: `${cart}// x\n`, path: 'cart.ts' })).toMatchObject({ status: 'trivial', taken: 'theirs' });
    expect(await analyze({ base: 'a\n', ours: 'b\n', theirs: 'c\n', path: 'notes.md' })).toMatchObject({ status: 'refused', reason: 'no grammar for notes.md', line: { clean: false } });
    expect(await analyze({ base: cart, ours: `${cart}function (\n`, theirs: `// x\n${cart}`, path: 'cart.ts' })).toMatchObject({ status: 'refused', reason: 'ours does not parse', line: { clean: true } });
    expect(await analyze({ base: 'a\0', ours: 'b', theirs: 'c', path: 'x.ts' })).toEqual({ status: 'unprepared', reason: 'base looks binary (NUL byte)' });
  });
});
