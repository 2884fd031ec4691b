/**
 * The quick path of `ralph-wt merge-file` / `merge-driver` (bin/ralph-wt → runQuickMergeCommand): plain command
 * lines are parsed without yargs; everything else goes to the full CLI, so help and errors stay as they were.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQuickMergeCommand } from '../../src/cli/commands/merge-options.js';
import { BIN } from '../helpers/cli.js';

describe('parseQuickMergeCommand', () => {
  test('a plain merge-file line: operands, -p, three -L labels, --path and --same-entity=diff3', () => {
    expect(parseQuickMergeCommand(['merge-file', '-p', '-L', 'a', '-L', 'b', '--label=c', '--path', 'x.ts', '--same-entity=diff3', 'o.ts', 'b.ts', 't.ts'])).toEqual({
      command: 'merge-file',
      args: { current: 'o.ts', base: 'b.ts', other: 't.ts', stdout: true, label: ['a', 'b', 'c'], path: 'x.ts', sameEntity: 'diff3', diff3: false, quiet: false },
    });
  });

  test('a merge-driver line as git runs it (%O %A %B %P, --marker-size)', () => {
    expect(parseQuickMergeCommand(['merge-driver', '--marker-size', '7', 'base', 'ours', 'theirs', 'src/a.py', '-q'])).toEqual({
      command: 'merge-driver',
      args: { base: 'base', current: 'ours', other: 'theirs', path: 'src/a.py', sameEntity: 'conflict', diff3: false, quiet: true },
    });
  });

  test.each([
    [['merge-file', '--help']],
    [['merge-file', '-pq', 'o', 'b', 't']],
    [['merge-file', 'o', 'b']],
    [['merge-file', 'o', 'b', 't', 'extra']],
    [['merge-file', '--same-entity', 'union', 'o', 'b', 't']],
    [['merge-file', '--path', 'a', '--path', 'b', 'o', 'b', 't']],
    [['merge-file', 'o', 'b', 't', '-L']],
    [['merge-driver', '-L', 'x', 'b', 'o', 't']],
    [['merge-driver', '--marker-size', 'big', 'b', 'o', 't']],
    [['run', '--parallel']],
  ])('not plain, left to the full CLI: %j', (argv) => {
    expect(parseQuickMergeCommand(argv)).toBeNull();
  });
});

describe('bin/ralph-wt merge-file, quick path and full CLI', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ralph-quick-merge-'));
    const base = 'export function a(): number {\n  return 1;\n}\n';
    writeFileSync(join(dir, 'base.ts'), base);
    writeFileSync(join(dir, 'ours.ts'), `${base}\nexport function b(): number {\n  return 2;\n}\n`);
    writeFileSync(join(dir, 'theirs.ts'), `${base}\nexport function c(): number {\n  return 3;\n}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('both paths print the same clean merge (git merge-file conflicts on it)', async () => {
    const files = ['ours.ts', 'base.ts', 'theirs.ts'].map((f) => join(dir, f));
    const git = await execa('git', ['merge-file', '-p', ...files], { reject: false });
    expect(git.exitCode).toBe(1);
    const quick = await execa('node', [BIN, 'merge-file', '-p', ...files], { reject: false });
    const full = await execa('node', [BIN, 'merge-file', '-pq', ...files], { reject: false });
    expect(quick.exitCode).toBe(0);
    expect(full.exitCode).toBe(0);
    expect(quick.stdout).toBe(full.stdout);
    expect(quick.stdout).toContain('export function b()');
    expect(quick.stdout).toContain('export function c()');
    expect(readFileSync(files[0] ?? '', 'utf8')).not.toContain('function c');
  });

  test('help and usage errors still come from the full CLI', async () => {
    const help = await execa('node', [BIN, 'merge-file', '--help'], { reject: false });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('merge-file <current> <base> <other>');
    const bad = await execa('node', [BIN, 'merge-file', '--same-entity', 'union', 'a', 'b', 'c'], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('same-entity');
  });
});
