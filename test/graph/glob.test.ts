import { globsOverlap } from '../../src/graph/inference/glob/intersect.js';
import { globMatcher } from '../../src/graph/inference/glob/match.js';
import { expandBraces, normalizeGlob } from '../../src/graph/inference/glob/parse.js';

describe('globsOverlap (symbolic)', () => {
  const overlapping: [string, string][] = [
    ['src/**/*.rs', 'src/lib.rs'],
    ['src/**/*.rs', 'src/deep/nested/mod.rs'],
    ['src/**', 'src/a/b/c.txt'],
    ['**/*.ts', 'packages/*/src/index.ts'],
    ['src/api/**/*.ts', 'src/api/user.ts'],
    ['src/*.{ts,tsx}', 'src/App.tsx'],
    ['src/{api,web}/**', 'src/web/page.ts'],
    ['tests/test_[a-m]*.py', 'tests/test_c?.py'],
    ['src/file[0-9].ts', 'src/file[!a-z].ts'],
    ['lib/**/index.js', 'lib/**/*.js'],
    ['**', 'anything/at/all'],
    ['./src/a.ts', 'src/a.ts'],
    ['docs/', 'docs/guide/intro.md'],
    ['src/v{1..3}/*.go', 'src/v2/main.go'],
    ['src/@(a|b)/x.ts', 'src/a/x.ts'],
  ];
  it.each(overlapping)('%s overlaps %s', (a, b) => {
    const witness = globsOverlap(a, b);
    expect(witness).not.toBeNull();
    // The witness is a real path both globs match.
    expect(globMatcher(a)(witness as string)).toBe(true);
    expect(globMatcher(b)(witness as string)).toBe(true);
    expect(globsOverlap(b, a)).not.toBeNull();
  });

  const disjoint: [string, string][] = [
    ['tests/*.py', 'tests/unit/*.py'],
    ['src/a/*.ts', 'src/b/*.ts'],
    ['src/**/*.rs', 'src/**/*.ts'],
    ['src/*.{ts,tsx}', 'src/*.{js,jsx}'],
    ['tests/test_[a-m]*.py', 'tests/test_[n-z]*.py'],
    ['src/file[0-9].ts', 'src/file[!0-9].ts'],
    ['src/?.ts', 'src/ab.ts'],
    ['docs/**/*.md', 'src/**/*.md'],
    ['src/{api,web}/**', 'src/cli/main.ts'],
    ['a/b/c', 'a/b'],
    ['src/*.ts', '!src/a.ts'],
  ];
  it.each(disjoint)('%s does not overlap %s', (a, b) => {
    expect(globsOverlap(a, b)).toBeNull();
    expect(globsOverlap(b, a)).toBeNull();
  });

  it('gives a concrete example path', () => {
    expect(globsOverlap('src/**/*.rs', 'src/lib.rs')).toBe('src/lib.rs');
    expect(globsOverlap('src/api/*.ts', 'src/api/user.ts')).toBe('src/api/user.ts');
  });
});

describe('glob parsing and matching', () => {
  it('expands nested braces and ranges, keeps `{x}` literal', () => {
    expect(expandBraces('a/{b,c{d,e}}/f')).toEqual(['a/b/f', 'a/cd/f', 'a/ce/f']);
    expect(expandBraces('v{1..3}')).toEqual(['v1', 'v2', 'v3']);
    expect(expandBraces('x{y}z')).toEqual(['x{y}z']);
  });

  it('normalises repo-relative spellings', () => {
    expect(normalizeGlob('./src//a.ts')).toBe('src/a.ts');
    expect(normalizeGlob('/src/')).toBe('src/**');
    expect(normalizeGlob('!src/a.ts')).toBeNull();
  });

  it('matches paths like the overlap check reads the globs', () => {
    const m = globMatcher('src/**/*.{ts,tsx}');
    expect(m('src/a.ts')).toBe(true);
    expect(m('src/x/y/b.tsx')).toBe(true);
    expect(m('src/a.js')).toBe(false);
    expect(m('lib/a.ts')).toBe(false);
    expect(globMatcher('tests/*.py')('tests/unit/a.py')).toBe(false);
    expect(globMatcher('[[:digit:]]*.md')('1-intro.md')).toBe(true);
    expect(globMatcher('a\\*b')('a*b')).toBe(true);
    expect(globMatcher('a\\*b')('axb')).toBe(false);
  });
});
