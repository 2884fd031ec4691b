import { conflictBoxLines, replayOne, replaySet } from '../../bench/merge-replay.js';
import { sameIgnoringWhitespace, splitOf } from '../../bench/merge-replay-corpus.js';
import { beyondMerge, differenceCause, humanOnlyWords, sameButFormatting, undoneWords } from '../../bench/difference-cause.js';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const base = lines('export function a(): number {', '  return 1;', '}');
const ours = lines('export function a(): number {', '  return 1;', '}', '', 'export function b(): number {', '  return 2;', '}');
const theirs = lines('export function a(): number {', '  return 1;', '}', '', 'export function c(): number {', '  return 3;', '}');

describe('merge-replay bench', () => {
  test('conflict size counts every line from <<<<<<< to >>>>>>>', () => {
    expect(conflictBoxLines(lines('x', '<<<<<<< ours', 'a', '||||||| base', '=======', 'b', '>>>>>>> theirs', 'y'))).toBe(6);
    expect(conflictBoxLines('no markers\n')).toBe(0);
  });

  test('whitespace and blank lines are ignored when comparing with the human', () => {
    expect(sameIgnoringWhitespace('a  =  1\n\n\nb = 2\n', 'a = 1\nb=2')).toBe(true);
    expect(sameIgnoringWhitespace('a = 1\n', 'a = 2\n')).toBe(false);
  });

  test('a case is equal, differs-but-OK, wrong or conflicted, and the figures add up', async () => {
    const human = lines('export function a(): number {', '  return 1;', '}', '', 'export function b(): number {', '  return 2;', '}', '', 'export function c(): number {', '  return 3;', '}');
    const humanOtherOrder = lines('export function a(): number {', '  return 1;', '}', '', 'export function c(): number {', '  return 3;', '}', '', 'export function b(): number {', '  return 2;', '}');
    const humanWithD = `${human}\nexport function d(): number {\n  return 4;\n}\n`;
    const bothEditA = { base, ours: base.replace('return 1', 'return 10'), theirs: base.replace('return 1', 'return 11'), human: base.replace('return 1', 'return 12') };
    const cases = [
      { name: 'equal', family: 'ts/js' as const, path: 'm.ts', base, ours, theirs, human },
      { name: 'order', family: 'ts/js' as const, path: 'm.ts', base, ours, theirs, human: humanOtherOrder },
      { name: 'conflict', family: 'ts/js' as const, path: 'm.ts', ...bothEditA },
      { name: 'expected-conflict', family: 'ts/js' as const, path: 'm.ts', base, ours, theirs, human: null },
      { name: 'with-d', family: 'ts/js' as const, path: 'm.ts', base, ours: `${ours}\nexport function d(): number {\n  return 4;\n}\n`, theirs, human: humanWithD },
    ];
    const one = await replayOne({ name: 'equal', family: 'ts/js', path: 'm.ts', base, ours, theirs, human });
    expect(one).toMatchObject({ git: 'conflict', ralph: 'equal', method: 'entity' });
    const report = await replaySet(cases);
    const byName = new Map(report.details.map((d) => [d.name, d.ralph]));
    expect(byName.get('order')).toBe('differs-ok');
    expect(report.details.find((d) => d.name === 'order')?.cause).toBe('order');
    expect(byName.get('conflict')).toBe('conflict');
    expect(byName.get('expected-conflict')).toBe('wrong');
    const f = report.overall;
    expect(f.cases).toBe(5);
    expect(f.resolved + f.conflicted).toBe(f.cases);
    expect(f.equalToHuman + f.differsJudgedOk + f.wrong).toBe(f.resolved);
    expect(f.conflictLines).toBeGreaterThan(0);
    // The human of 'conflict' wrote `12`, which no input has; no other human went beyond a merge.
    expect(f.beyondMerge).toBe(1);
    // 'order', and 'with-d', where ours' b and d come before theirs' c but the human put c before d.
    expect(f.differsBy).toEqual({ 'human-text': 0, 'human-undid': 0, order: 2, format: 0, other: 0 });
    expect(f.equalPctWithinReach).toBe(f.equalPct);
    expect(report.byFamily['ts/js']?.cases).toBe(5);
  });
  test('the real-merge corpus is split by repository, and each half is tallied on its own', async () => {
    expect(splitOf('webpack/webpack')).toBe('tune');
    expect(splitOf('twisted/twisted')).toBe('heldOut');
    expect(splitOf('someone/mined-later')).toBe('heldOut');
    const human = lines('export function a(): number {', '  return 1;', '}', '', 'export function b(): number {', '  return 2;', '}', '', 'export function c(): number {', '  return 3;', '}');
    const bothEditA = { base, ours: base.replace('return 1', 'return 10'), theirs: base.replace('return 1', 'return 11'), human: base.replace('return 1', 'return 12') };
    const report = await replaySet([
      { name: 't1', family: 'ts/js', path: 'm.ts', base, ours, theirs, human, split: 'tune' },
      { name: 'h1', family: 'ts/js', path: 'm.ts', ...bothEditA, split: 'heldOut' },
      { name: 'h2', family: 'python', path: 'm.py', base: 'x = 1\n', ours: 'x = 2\n', theirs: 'x = 3\n', human: 'x = 4\n', split: 'heldOut' },
    ]);
    expect(report.bySplit?.tune?.overall).toMatchObject({ cases: 1, resolved: 1, equalToHuman: 1 });
    expect(report.bySplit?.heldOut?.overall).toMatchObject({ cases: 2, resolved: 0, conflicted: 2 });
    expect(report.bySplit?.heldOut?.byFamily.python?.cases).toBe(1);
    expect(report.overall.cases).toBe(3);
  });

  test('a human file is out of reach of any merge when it holds a word more often than both sides together', () => {
    const base = 'f(a)\nx = 1\n';
    const ours = 'f(a, b)\nx = 1\n';
    const theirs = 'f(a, c)\nx = 1\n';
    // A line holding both sides' edits is in no input, but a merge makes it.
    expect(humanOnlyWords('f(a, b, c)\nx = 1\n', { base, ours, theirs })).toEqual([]);
    // Both sides replaced one base line, each with its own: three `return`s where base had one and each side two.
    const method = (name: string): string => `${name}() {\n  return 1;\n}\n`;
    const sides = { base: method('z'), ours: method('a') + method('b'), theirs: method('a') + method('c') };
    expect(humanOnlyWords(method('a') + method('b') + method('c'), sides)).toEqual([]);
    // A word no input has, and a rename carried over to the other side's new line (g twice; ours has it once).
    expect(humanOnlyWords('f(a, b, c)\nx = 2\n', { base, ours, theirs })).toEqual(['2']);
    expect(humanOnlyWords('g(a)\ng(b)\n', { base: 'f(a)\n', ours: 'g(a)\n', theirs: 'f(a)\nf(b)\n' })).toEqual(['g']);
  });

  test('a human undoing a change of one side that the other side left alone is beyond a merge', () => {
    const base = 'import a\nimport b\nrun(a, b)\n';
    // Theirs deletes `import b` and its use; ours adds a line. The human keeps `import b`: a merge would not.
    const inputs = { base, ours: `${base}log()\n`, theirs: 'import a\nrun(a)\n' };
    expect(undoneWords('import a\nimport b\nrun(a)\nlog()\n', inputs)).toEqual(['+b', '+import']);
    // The human drops what ours added.
    expect(undoneWords('import a\nrun(a)\n', inputs)).toEqual(['-log']);
    // Following both sides is no undoing.
    expect(undoneWords('import a\nrun(a)\nlog()\n', inputs)).toEqual([]);
    // Theirs added a second `x = 1`, the human dropped it; `1`, which ours deleted and theirs added, is not judged.
    expect(undoneWords('x = 2\n', { base: 'x = 1\n', ours: 'x = 2\n', theirs: 'x = 1\nx = 1\n' })).toEqual(['-x']);
    expect(undoneWords('x = 1\n', { base: 'x = 1\nx = 1\n', ours: 'x = 1\nx = 1\nx = 1\n', theirs: 'x = 1\n' })).toEqual([]);
  });

  test('formatting is line breaks, string quotes and a comma before a closing bracket', () => {
    expect(sameButFormatting("f('a', 'b')\n", 'f(\n  "a",\n  "b",\n)\n')).toBe(true);
    expect(sameButFormatting("f('a')\n", "f('b')\n")).toBe(false);
  });

  test('a differing result is put down to the human, to order, to formatting, or to something else', () => {
    const inputs = { base: 'a\nb\n', ours: 'a\nb\nc\n', theirs: 'a\nd\nb\n' };
    const cause = (merged: string, human: string, sides: typeof inputs): string => differenceCause(merged, human, beyondMerge(human, sides));
    expect(cause('a\nd\nb\nc\n', 'a\nd\nb\nc\nrenamed\n', inputs)).toBe('human-text');
    expect(cause('a\nd\nb\nc\n', 'a\nb\nc\n', inputs)).toBe('human-undid');
    expect(cause('a\nc\nd\nb\n', 'a\nd\nb\nc\n', inputs)).toBe('order');
    const quoted = { base: "x('a')\n", ours: "x('a')\ny('b')\n", theirs: "x('a')\nz('c')\n" };
    expect(cause("x('a')\ny('b')\nz('c')\n", 'x("a")\ny("b")\nz("c")\n', quoted)).toBe('format');
    expect(cause("x('a')\ny('b')\nz('c')\n", "x('a')\ny(z('c'), 'b')\n", quoted)).toBe('other');
  });
});
