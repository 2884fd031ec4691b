import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { MERGE_FILE_COMMAND, mergeFileCommand, mergeFileCommandBuilder } from '../../src/cli/commands/merge-file.js';
import { captureOutput, gitMergeFileP, scratchDir, writeTriple } from './helpers.js';

// One-line functions: the two edits are on adjacent lines, which git merge-file reports as a conflict.
const BASE = [
  "import { sum } from './sum.js';",
  '',
  'export function subtotal(items: number[]): number { return sum(items); }',
  'export function count(items: number[]): number { return items.length; }',
  '',
].join('\n');
const CURRENT = BASE.replace('return sum(items);', 'return Math.round(sum(items));');
const OTHER = BASE.replace('count(items: number[])', 'count(items: readonly number[])');
const MERGED = CURRENT.replace('count(items: number[])', 'count(items: readonly number[])');

const SAME_FN_BASE = 'export function total(xs: number[]): number {\n  const sum = xs.reduce((a, b) => a + b, 0);\n  const n = xs.length;\n  return sum / n;\n}\n';
const SAME_FN_CURRENT = SAME_FN_BASE.replace('const sum = xs.reduce((a, b) => a + b, 0);', 'const sum = xs.reduce((a, b) => a + b, 0) || 0;');
const SAME_FN_OTHER = SAME_FN_BASE.replace('return sum / n;', 'return n === 0 ? 0 : sum / n;');

/** Parse argv exactly as `ralph-wt` would, through the exported builder, and run the command. */
async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  let code = -1;
  const { stdout, stderr } = await captureOutput(async () => {
    await yargs(argv)
      .command(MERGE_FILE_COMMAND, '', (y) => mergeFileCommandBuilder(y), async (args) => {
        code = await mergeFileCommand(args, cwd);
      })
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
  });
  return { code, stdout, stderr };
}

describe('ralph-wt merge-file', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => {
    scratch = scratchDir('ralph-merge-file-');
  });
  afterEach(() => scratch.cleanup());

  test('edits to adjacent one-line functions: clean, result written into <current>, where git merge-file conflicts', async () => {
    const paths = writeTriple(scratch.dir, 'ts', { current: CURRENT, base: BASE, other: OTHER });
    expect((await gitMergeFileP(paths, ['a', 'b', 'c'])).code).toBe(1);
    const r = await run(['merge-file', 'current.ts', 'base.ts', 'other.ts'], scratch.dir);
    expect(r.code).toBe(0);
    expect(readFileSync(paths.current, 'utf8')).toBe(MERGED);
    expect(r.stdout.length).toBe(0);
  });

  test('-p prints the result and leaves <current> alone', async () => {
    const paths = writeTriple(scratch.dir, 'ts', { current: CURRENT, base: BASE, other: OTHER });
    const r = await run(['merge-file', '-p', paths.current, paths.base, paths.other], scratch.dir);
    expect(r.code).toBe(0);
    expect(r.stdout.toString('utf8')).toBe(MERGED);
    expect(readFileSync(paths.current, 'utf8')).toBe(CURRENT);
  });

  test('conflict: exit 1, git-style markers with the -L labels and the entity named, conflicts on stderr', async () => {
    const paths = writeTriple(scratch.dir, 'ts', { current: SAME_FN_CURRENT, base: SAME_FN_BASE, other: SAME_FN_OTHER });
    const r = await run(['merge-file', '-L', 'mine', '-L', 'orig', '-L', 'yours', paths.current, paths.base, paths.other], scratch.dir);
    expect(r.code).toBe(1);
    const text = readFileSync(paths.current, 'utf8');
    expect(text).toMatch(/^<<<<<<< mine — function total \(both modified\)$/m);
    expect(text).toMatch(/^\|\|\|\|\|\|\| orig$/m);
    expect(text).toMatch(/^=======$/m);
    expect(text).toMatch(/^>>>>>>> yours — function total \(both modified\)$/m);
    expect(r.stderr).toContain('function total (both modified)');
  });

  test('--same-entity diff3 merges line-wise inside a function both sides edited; the default conflicts', async () => {
    const paths = writeTriple(scratch.dir, 'ts', { current: SAME_FN_CURRENT, base: SAME_FN_BASE, other: SAME_FN_OTHER });
    const byDefault = await run(['merge-file', '-p', '-q', paths.current, paths.base, paths.other], scratch.dir);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toBe('');
    const r = await run(['merge-file', '-p', '--same-entity', 'diff3', paths.current, paths.base, paths.other], scratch.dir);
    expect(r.code).toBe(0);
    expect(r.stdout.toString('utf8')).toBe(SAME_FN_CURRENT.replace('return sum / n;', 'return n === 0 ? 0 : sum / n;'));
  });

  test('an unsupported language falls back to git merge-file, byte for byte (clean and conflicting)', async () => {
    const base = 'alpha\nbeta\ngamma\ndelta\n';
    for (const [current, other] of [
      ['ALPHA\nbeta\ngamma\ndelta\n', 'alpha\nbeta\ngamma\nDELTA\n'],
      ['alpha\nBETA\ngamma\ndelta\n', 'alpha\nbeta!\ngamma\ndelta\n'],
    ] as const) {
      const paths = writeTriple(scratch.dir, 'txt', { current, base, other });
      const git = await gitMergeFileP(paths, ['current.txt', 'base.txt', 'other.txt']);
      const r = await run(['merge-file', '-p', 'current.txt', 'base.txt', 'other.txt'], scratch.dir);
      expect(r.stdout.equals(git.out)).toBe(true);
      expect(r.code).toBe(git.code === 0 ? 0 : 1);
    }
  });

  test('unparsable TypeScript and non-UTF-8 bytes fall back to git merge-file', async () => {
    const broken = writeTriple(scratch.dir, 'ts', { current: 'function f( {\n  return 2;\n}\n', base: 'function f( {\n  return 1;\n}\n', other: 'function f( {\n  return 3;\n}\n' });
    const git = await gitMergeFileP(broken, ['current.ts', 'base.ts', 'other.ts']);
    const r = await run(['merge-file', '-p', 'current.ts', 'base.ts', 'other.ts'], scratch.dir);
    expect(r.code).toBe(1);
    expect(r.stdout.equals(git.out)).toBe(true);
    expect(r.stderr).toContain('git merge-file');

    const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
    const bytes = writeTriple(scratch.dir, 'py', { current: latin1('x = "\xe9t\xe9"\ny = 1\n\n\nz = 0\n'), base: latin1('x = "\xe9t\xe9"\ny = 0\n\n\nz = 0\n'), other: latin1('x = "\xe9t\xe9"\ny = 0\n\n\nz = 2\n') });
    const gitBytes = await gitMergeFileP(bytes, ['current.py', 'base.py', 'other.py']);
    const rb = await run(['merge-file', 'current.py', 'base.py', 'other.py'], scratch.dir);
    expect(rb.code).toBe(0);
    expect(readFileSync(bytes.current).equals(gitBytes.out)).toBe(true);
  });

  test('a missing input is an error: exit 2, <current> untouched', async () => {
    writeFileSync(join(scratch.dir, 'current.ts'), CURRENT);
    writeFileSync(join(scratch.dir, 'base.ts'), BASE);
    const r = await run(['merge-file', 'current.ts', 'base.ts', 'missing.ts'], scratch.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.ts');
    expect(readFileSync(join(scratch.dir, 'current.ts'), 'utf8')).toBe(CURRENT);
  });

  test('more than three labels is an error', async () => {
    const paths = writeTriple(scratch.dir, 'ts', { current: CURRENT, base: BASE, other: OTHER });
    const r = await run(['merge-file', '-L', 'a', '-L', 'b', '-L', 'c', '-L', 'd', paths.current, paths.base, paths.other], scratch.dir);
    expect(r.code).toBe(2);
  });
});
