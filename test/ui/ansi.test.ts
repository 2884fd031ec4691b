import { padEndVisible, paint, stripAnsi, truncateVisible, visibleWidth } from '../../src/ui/ansi.js';
import { oneLine } from '../../src/ui/describe.js';

describe('terminal widths', () => {
  it('counts wide characters as two columns, combining marks and escape codes as none', () => {
    expect(visibleWidth('abc')).toBe(3);
    expect(visibleWidth('日本語')).toBe(6);
    expect(visibleWidth('🚀 go')).toBe(5);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth(paint('red', '日本', true))).toBe(4);
  });

  it('pads to a column, not to a string length', () => {
    expect(padEndVisible('日本', 6)).toBe('日本  ');
    expect(padEndVisible('abcdef', 3)).toBe('abcdef');
  });

  it('cuts between graphemes to at most the width, ending in an ellipsis', () => {
    expect(truncateVisible('short', 10)).toBe('short');
    expect(truncateVisible('日本語のタイトル', 7)).toBe('日本語…');
    expect(visibleWidth(truncateVisible('日本語のタイトル', 7))).toBeLessThanOrEqual(7);
    // A flag is two code points; it is kept whole or dropped whole.
    expect(truncateVisible('ab🇯🇵cd', 4)).toBe('ab…');
    expect(truncateVisible('abc', 0)).toBe('');
  });

  it('strips colours and cursor moves', () => {
    expect(stripAnsi('\u001b[31mred\u001b[39m \u001b[?25lhidden\u001b[2A')).toBe('red hidden');
  });

  it('oneLine drops an agent\'s escape codes and cuts wide text by columns', () => {
    expect(oneLine('\u001b[1mEditing\u001b[22m  src/a.ts\nmore')).toBe('Editing src/a.ts');
    expect(visibleWidth(oneLine('編集中 '.repeat(30), 20))).toBeLessThanOrEqual(20);
  });
});
