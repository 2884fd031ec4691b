import { conflictsCommand, type ConflictsFlags } from '../../src/cli/commands/conflicts.js';
import { detectBranchConflicts } from '../../src/conflicts/index.js';
import { InputError } from '../../src/util/errors.js';
import { git } from '../../src/workspace/git.js';
import { commitFiles, makeRepo, useTestGitEnv } from '../workspace/helpers.js';
import type { TestRepo } from '../workspace/helpers.js';

useTestGitEnv();

const lib = 'export function price(n: number): number {\n  return n * 2;\n}\n\nexport function tax(n: number): number {\n  return n / 10;\n}\n';
let repo: TestRepo;

beforeAll(async () => {
  repo = await makeRepo({ 'lib.ts': lib, 'README.md': 'hi\n' });
  const cwd = repo.dir;
  // a: changes price's signature. b: calls price from a new file and edits tax. c: edits tax differently.
  await git(['checkout', '-q', '-b', 'a'], { cwd });
  await commitFiles(cwd, { 'lib.ts': lib.replace('price(n: number)', 'price(n: number, rate: number)').replace('n * 2', 'n * rate') }, 'a');
  await git(['checkout', '-q', '-b', 'b', 'main'], { cwd });
  await commitFiles(cwd, { 'use.ts': "import { price } from './lib.js';\n\nexport const p = price(3);\n", 'lib.ts': lib.replace('n / 10', 'n / 5') }, 'b');
  await git(['checkout', '-q', '-b', 'c', 'main'], { cwd });
  await commitFiles(cwd, { 'lib.ts': lib.replace('n / 10', 'n / 20'), 'README.md': 'hello\n' }, 'c');
  await git(['checkout', '-q', 'main'], { cwd });
});

afterAll(() => repo.cleanup());

test('reference conflict across files, with the merge-base as base', async () => {
  const report = await detectBranchConflicts(repo.dir, 'a', 'b', { strategy: 'entity' });
  expect(report.base).toBe(repo.initial);
  expect(report.conflicts).toEqual([expect.objectContaining({ rule: 'reference', file: 'lib.ts', entity: 'price', otherFile: 'use.ts', changedBy: 'ours' })]);
});

test('same entity, and the file strategy for comparison', async () => {
  const entity = await detectBranchConflicts(repo.dir, 'b', 'c', { strategy: 'entity' });
  expect(entity.conflicts.map((c) => [c.rule, c.entity])).toEqual([['same-entity', 'tax']]);
  const file = await detectBranchConflicts(repo.dir, 'a', 'c', { strategy: 'file', base: 'main' });
  expect(file.conflicts.map((c) => [c.rule, c.file])).toEqual([['same-file', 'lib.ts']]);
  expect((await detectBranchConflicts(repo.dir, 'a', 'c', { strategy: 'entity' })).conflicts).toEqual([]);
});

describe('ralph-wt conflicts', () => {
  // yargs hands the command --strategy's default when the flag is absent.
  const run = async (given: Omit<ConflictsFlags, 'strategy' | 'sameEntity'> & Partial<Pick<ConflictsFlags, 'strategy' | 'sameEntity'>>): Promise<{ code: number; out: string }> => {
    const flags: ConflictsFlags = { strategy: 'entity', sameEntity: 'conflict', ...given };
    let out = '';
    const code = await conflictsCommand(flags, repo.dir, { write: (t: string) => (out += t) });
    return { code, out };
  };

  test('exit 1 with a readable report when conflicts are found, 0 when none', async () => {
    const found = await run({ branchA: 'a', branchB: 'b' });
    expect(found.code).toBe(1);
    expect(found.out).toContain('[changed entity referenced] price');
    expect(found.out).toContain('theirs use.ts:3');
    const none = await run({ branchA: 'a', branchB: 'c' });
    expect(none).toEqual({ code: 0, out: expect.stringContaining('no conflicts') });
    expect((await run({ branchA: 'a', branchB: 'b', strategy: 'none' })).code).toBe(0);
  });

  test('--json prints the report', async () => {
    const { code, out } = await run({ branchA: 'b', branchB: 'c', json: true, strategy: 'file_based' });
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ strategy: 'file', conflicts: [{ rule: 'same-file', file: 'lib.ts' }] });
  });

  test('--same-entity diff3: one function changed on both branches in lines apart is not a conflict, as in run --same-entity diff3', async () => {
    const cwd = repo.dir;
    const calc = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const item of items) sum += item;\n  const rounded = Math.round(sum);\n  return rounded;\n}\n';
    await git(['checkout', '-q', '-b', 'calc-base', 'main'], { cwd });
    await commitFiles(cwd, { 'calc.ts': calc }, 'calc');
    await git(['checkout', '-q', '-b', 'calc-start', 'calc-base'], { cwd });
    await commitFiles(cwd, { 'calc.ts': calc.replace('let sum = 0;', 'let sum = 1;') }, 'start at one');
    await git(['checkout', '-q', '-b', 'calc-end', 'calc-base'], { cwd });
    await commitFiles(cwd, { 'calc.ts': calc.replace('return rounded;', 'return rounded * 2;') }, 'double');
    await git(['checkout', '-q', 'main'], { cwd });
    const strict = await run({ branchA: 'calc-start', branchB: 'calc-end', json: true });
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out)).toMatchObject({ conflicts: [{ rule: 'same-entity', entity: 'total' }] });
    expect(await run({ branchA: 'calc-start', branchB: 'calc-end', sameEntity: 'diff3' })).toEqual({ code: 0, out: expect.stringContaining('no conflicts') });
  });

  test('bad input is an InputError (exit 2)', async () => {
    await expect(run({ branchA: 'a', branchB: 'nope' })).rejects.toThrow(InputError);
    await expect(run({ branchA: 'a', branchB: 'b', strategy: 'magic' })).rejects.toThrow('--strategy must be one of');
    await expect(run({ branchA: 'a', branchB: 'b', base: 'nope' })).rejects.toThrow(InputError);
  });
});
