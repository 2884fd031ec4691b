import { newLines, oldLines } from '../../src/conflicts/new-lines.js';

describe('lines a branch touched', () => {
  const base = 'a\nb\nc\nd\n';

  test('newLines: added or rewritten lines, numbered in the branch', () => {
    expect([...newLines(base, 'a\nB\nc\nx\nd\n')].sort()).toEqual([2, 4]);
    expect([...newLines(null, 'a\nb')]).toEqual([1, 2]);
  });

  test('oldLines: removed or rewritten base lines, numbered in base; all of them for a deleted file', () => {
    expect([...oldLines(base, 'a\nB\nd\n')].sort()).toEqual([2, 3]);
    expect([...oldLines(base, 'x\na\nb\nc\nd\n')]).toEqual([]);
    expect([...oldLines('a\nb', null)]).toEqual([1, 2]);
  });
});
