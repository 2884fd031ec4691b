import { mergeFileBuffers } from '../../src/entity-merge/merge-files.js';

const labels = { current: 'ours', base: 'base', other: 'theirs' };
const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

function boxed(text: string): number {
  let n = 0;
  let inside = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('<<<<<<<')) inside = true;
    if (inside) n++;
    if (line.startsWith('>>>>>>>')) inside = false;
  }
  return n;
}

// Ten statements; both sides change the second one, and ours also changes the ninth. Git boxes one line; the entity
// merge (same-entity conflict) would box both stretches ours changed.
const base = `export function total(xs: number[]): number {\n${Array.from({ length: 10 }, (_, i) => `  const v${i} = xs[${i}] ?? 0;\n`).join('')}  return v0 + v9;\n}\n`;
const ours = base.replace('xs[1] ?? 0', 'xs[1] ?? 1').replace('xs[8] ?? 0', 'xs[8] ?? 8');
const theirs = base.replace('xs[1] ?? 0', 'xs[1] ?? -1');

describe('file merge conflict size', () => {
  test('an entity conflict larger than git conflict falls back to git boxes', async () => {
    const r = await mergeFileBuffers({ current: enc(ours), base: enc(base), other: enc(theirs), path: 'total.ts', labels, diff3: true });
    expect(r.clean).toBe(false);
    expect(r.method).toBe('git');
    const text = r.content.toString('utf8');
    // Git's box: three sides of one line plus four marker lines; ours' other edit is merged outside it.
    expect(boxed(text)).toBe(7);
    expect(text).toContain('  const v8 = xs[8] ?? 8;\n  const v9');
  });

  test('an entity conflict no larger than git keeps the entity merge (and its labels)', async () => {
    const small = base.replace('xs[1] ?? 0', 'xs[1] ?? 1');
    const other = `${theirs}\nexport function extra(): number {\n  return 1;\n}\n`;
    const r = await mergeFileBuffers({ current: enc(small), base: enc(base), other: enc(other), path: 'total.ts', labels, diff3: true });
    expect(r.clean).toBe(false);
    expect(r.method).toBe('entity');
    expect(r.content.toString('utf8')).toContain('export function extra');
  });
});
