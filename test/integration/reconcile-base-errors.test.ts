import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../../src/events/types.js';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, ROOT, runCli, type TestRepo } from '../helpers/cli.js';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ['ES2022'], types: [], skipLibCheck: true }, include: ['src'] });
// Already failing tsc before any story runs, as in most real repositories.
const LEGACY = "export const port: number = 'eighty';\n";

async function repoWithLegacyError(script: Record<string, unknown>, ids: string[]): Promise<TestRepo> {
  const repo = await makeRepo({ 'tsconfig.json': TSCONFIG, 'src/legacy.ts': LEGACY, '.gitignore': 'node_modules/\n' }, prdFor(ids.map((id) => ({ id }))), script);
  // The repository's own tsc, in the main checkout only (worktrees have no node_modules), as in a real project.
  await mkdir(join(repo.dir, 'node_modules', '.bin'), { recursive: true });
  await symlink(join(ROOT, 'node_modules', '.bin', 'tsc'), join(repo.dir, 'node_modules', '.bin', 'tsc'));
  return repo;
}

const issues = (events: RunEvent[]) => events.filter((e): e is Extract<RunEvent, { type: 'reconcile:issue' }> => e.type === 'reconcile:issue');

describe('reconciliation compares type errors with the base', () => {
  let repo: TestRepo;
  afterEach(async () => {
    await repo.cleanup();
  });

  it('errors already on the base are reported once, blamed on no story, and do not fail the run', async () => {
    repo = await repoWithLegacyError(
      { 'US-1': { write: { 'src/one.ts': 'export const one: number = 1;\n' }, complete: true }, 'US-2': { write: { 'src/two.ts': 'export const two: number = 2;\n' }, complete: true } },
      ['US-1', 'US-2'],
    );
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    const found = issues(result.events);
    expect(found.filter((i) => i.flagged)).toEqual([]);
    const onBase = found.filter((i) => i.kind === 'on-base');
    expect(onBase).toHaveLength(1);
    expect(onBase[0]).toMatchObject({ stories: [], fixed: false, flagged: false, message: expect.stringContaining('src/legacy.ts:1 TS2322') as string });
    expect(found.some((i) => i.kind === 'typecheck')).toBe(false);
  });

  it('a new error is flagged and blamed on the story that brought it; the base error still is not', async () => {
    repo = await repoWithLegacyError(
      {
        'US-1': { write: { 'src/one.ts': 'export const one: number = 1;\n' }, complete: true },
        'US-2': { write: { 'src/two.ts': "export const two: number = 'two';\n" }, complete: true },
      },
      ['US-1', 'US-2'],
    );
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    const flagged = issues(result.events).filter((i) => i.flagged);
    expect(flagged).toEqual([expect.objectContaining({ kind: 'typecheck', file: 'src/two.ts', line: 1, stories: ['US-2'] })]);
    expect(issues(result.events).filter((i) => i.kind === 'on-base')).toHaveLength(1);
  });
});
