import { findJsonErrorOffset, lineAndColumn, parseJsonWithLocation } from '../../src/prd/parse-json.js';
import { InputError } from '../../src/util/errors.js';

function messageFor(text: string): string {
  try {
    parseJsonWithLocation(text, 'prd.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonWithLocation', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(parseJsonWithLocation('\uFEFF{"a": [1, "x", null, true, -2.5e3]}', 'f')).toEqual({ a: [1, 'x', null, true, -2500] });
  });

  it('locates errors V8 reports without a position', () => {
    expect(messageFor('[1,2,]')).toBe("prd.json:1:6: Unexpected token ']'");
    expect(messageFor('nope')).toBe("prd.json:1:2: Unexpected token 'o'");
    expect(messageFor('{\n "a": tru }')).toBe("prd.json:2:10: Unexpected token ' '");
  });

  it('locates errors V8 reports with a position', () => {
    expect(messageFor('{\n  "a": 1\n  "b": 2\n}')).toBe("prd.json:3:3: Expected ',' or '}' after property value");
    expect(messageFor('')).toBe('prd.json:1:1: Unexpected end of JSON input');
    expect(messageFor('{\n  "a": 1\n}\n\n   nope')).toBe('prd.json:5:4: Unexpected non-whitespace character after JSON');
  });
});

describe('findJsonErrorOffset', () => {
  it.each([
    ['{"a": 1}', null],
    ['[1, 2, ]', 7],
    ['{"a" 1}', 5],
    ['"bad \\q escape"', 6],
    ['{"a": 01}', 7],
    ['{} x', 3],
    ['{"a": "\\u12G4"}', 8],
  ])('%s → %s', (text, offset) => {
    expect(findJsonErrorOffset(text)).toBe(offset);
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});
