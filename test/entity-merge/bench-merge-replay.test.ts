import { conflictBoxLines, replayOne, replaySet } from '../../bench/merge-replay.js';
import { sameIgnoringWhitespace, splitOf } from '../../bench/merge-replay-corpus.js';

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
    expect(byName.get('conflict')).toBe('conflict');
    expect(byName.get('expected-conflict')).toBe('wrong');
    const f = report.overall;
    expect(f.cases).toBe(5);
    expect(f.resolved + f.conflicted).toBe(f.cases);
    expect(f.equalToHuman + f.differsJudgedOk + f.wrong).toBe(f.resolved);
    expect(f.conflictLines).toBeGreaterThan(0);
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
});
