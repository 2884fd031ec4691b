import { storiesForError, filesForModule, quotedTokens } from '../../src/reconcile/blame.js';
import { trivialFixMessage } from '../../src/reconcile/fix-commit.js';
import { findConflictMarkers } from '../../src/reconcile/markers.js';
import { parseAny, parseCargo, parseMypy, parseTsc, toRepoPath } from '../../src/reconcile/typecheck-parse.js';

describe('type checker output', () => {
  test('tsc: file(line,col), code, continuation lines', () => {
    const out = [
      `src/report.ts(1,10): error TS2305: Module '"./greet.js"' has no exported member 'greet'.`,
      `src/summary.ts(4,21): error TS2554: Expected 2 arguments, but got 1.`,
      `src/a.ts(3,7): error TS2322: Type '{ a: number; }' is not assignable to type 'B'.`,
      `  Object literal may only specify known properties, and 'a' does not exist in type 'B'.`,
      ``,
    ].join('\n');
    expect(parseTsc(out)).toEqual([
      { file: 'src/report.ts', line: 1, column: 10, code: 'TS2305', message: `Module '"./greet.js"' has no exported member 'greet'.` },
      { file: 'src/summary.ts', line: 4, column: 21, code: 'TS2554', message: 'Expected 2 arguments, but got 1.' },
      {
        file: 'src/a.ts',
        line: 3,
        column: 7,
        code: 'TS2322',
        message: `Type '{ a: number; }' is not assignable to type 'B'. Object literal may only specify known properties, and 'a' does not exist in type 'B'.`,
      },
    ]);
  });

  test('mypy: errors with and without columns and codes; notes and summary ignored', () => {
    const out = [
      'app/core.py:12: error: Incompatible return value type (got "int", expected "str")  [return-value]',
      'app/util.py:3: error: Module "app.core" has no attribute "old_name"  [attr-defined]',
      'app/util.py:7:5: error: Name "foo" is not defined  [name-defined]',
      'app/core.py:20: note: Revealed type is "builtins.int"',
      'app/x.py:1: error: Cannot find implementation or library stub for module named "yaml"',
      'Found 4 errors in 3 files (checked 4 source files)',
    ].join('\n');
    expect(parseMypy(out)).toEqual([
      { file: 'app/core.py', line: 12, column: null, code: 'return-value', message: 'Incompatible return value type (got "int", expected "str")' },
      { file: 'app/util.py', line: 3, column: null, code: 'attr-defined', message: 'Module "app.core" has no attribute "old_name"' },
      { file: 'app/util.py', line: 7, column: 5, code: 'name-defined', message: 'Name "foo" is not defined' },
      { file: 'app/x.py', line: 1, column: null, code: null, message: 'Cannot find implementation or library stub for module named "yaml"' },
    ]);
  });

  test('cargo short: errors kept, warnings and the summary line dropped', () => {
    const out = [
      'src/report.rs:5:27: error[E0425]: cannot find function `area` in module `shapes`',
      'src/main.rs:2:5: warning: unused import: `std::fmt`',
      'src/lib.rs:9:1: error: expected item, found `}`',
      'error: could not compile `fixture` (bin "fixture") due to 2 previous errors',
    ].join('\n');
    expect(parseCargo(out)).toEqual([
      { file: 'src/report.rs', line: 5, column: 27, code: 'E0425', message: 'cannot find function `area` in module `shapes`' },
      { file: 'src/lib.rs', line: 9, column: 1, code: null, message: 'expected item, found `}`' },
    ]);
  });

  test('parseAny understands all three; paths are made repo-relative', () => {
    const out = 'a.ts(1,1): error TS1: x\nb.py:2: error: y\nc.rs:3:4: error[E1]: z\n';
    expect(parseAny(out).map((d) => `${d.file}:${d.line}`)).toEqual(['a.ts:1', 'b.py:2', 'c.rs:3']);
    expect(toRepoPath('/w/x/src/a.ts', '/w/x')).toBe('src/a.ts');
    expect(toRepoPath('./src/a.ts', '/w/x')).toBe('src/a.ts');
  });
});

describe('conflict markers', () => {
  test('blocks, diff3 bases, stray closers; a setext heading alone is not a marker', () => {
    const text = ['# Title', '=======', 'a', '<<<<<<< ours', 'x', '||||||| base', 'w', '=======', 'y', '>>>>>>> theirs', 'b', '>>>>>>> stray', '<<<<<<<', 'z'].join('\n');
    expect(findConflictMarkers(text)).toEqual([
      { line: 4, endLine: 10, kind: 'block' },
      { line: 12, endLine: null, kind: 'stray-close' },
      { line: 13, endLine: null, kind: 'unclosed' },
    ]);
    expect(findConflictMarkers('Heading\n=======\n\ntext <<<<<<< inline\n')).toEqual([]);
  });
});

describe('blame', () => {
  const batch = [
    { storyId: 'A', title: 'rename', files: ['src/greet.ts', 'src/main.ts'] },
    { storyId: 'B', title: 'report', files: ['src/report.ts'] },
    { storyId: 'C', title: 'other', files: ['docs/x.md'] },
  ];
  test('a module quoted in the message names the story that changed it', () => {
    const stories = storiesForError(batch, { file: 'src/report.ts', message: `Module '"./greet.js"' has no exported member 'greet'.`, lineText: null, importSources: new Map() });
    expect(stories).toEqual(['A', 'B']);
  });
  test('a name on the erroneous line bound by an import leads to its module', () => {
    const stories = storiesForError(batch, {
      file: 'src/report.ts',
      message: 'Expected 2 arguments, but got 1.',
      lineText: '  return greet(n);',
      importSources: new Map([['greet', './greet.js']]),
    });
    expect(stories).toEqual(['A', 'B']);
  });
  test('Rust module paths and Python dotted modules resolve to files', () => {
    expect(filesForModule('shapes', 'src/report.rs', ['src/shapes.rs', 'src/main.rs'])).toEqual(['src/shapes.rs']);
    expect(filesForModule('crate::shapes::area', 'src/report.rs', ['src/shapes.rs'])).toEqual(['src/shapes.rs']);
    expect(filesForModule('app.core', 'app/util.py', ['app/core.py', 'app/util.py'])).toEqual(['app/core.py']);
    expect(filesForModule('.core', 'app/util.py', ['app/core.py'])).toEqual(['app/core.py']);
    expect(filesForModule('../lib/index.js', 'src/a/b.ts', ['src/lib/index.ts'])).toEqual(['src/lib/index.ts']);
  });
  test('nothing points anywhere and no story touched the file → every story', () => {
    expect(storiesForError(batch, { file: 'src/untouched.ts', message: 'Type error.', lineText: null, importSources: new Map() })).toEqual(['A', 'B', 'C']);
  });
  test('quoted tokens unwrap nested quotes', () => {
    expect(quotedTokens(`Module '"./a.js"' has no member 'x' and \`y\``)).toEqual(['./a.js', 'x', 'y']);
  });
});

test('commit message names what was fixed', () => {
  expect(trivialFixMessage(3, 2)).toBe('reconcile: remove 3 duplicate imports, format 2 files');
  expect(trivialFixMessage(1, 0)).toBe('reconcile: remove 1 duplicate import');
  expect(trivialFixMessage(0, 1)).toBe('reconcile: format 1 file');
});
