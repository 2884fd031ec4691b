/**
 * Parallel runs whose scenario takes two full runs each (a run and its counterfactual), moved out of the fast
 * lane: the rules they exercise end to end are unit-tested there (reconciliation's blame in
 * test/reconcile/reconcile.test.ts, the concurrency policy in test/concurrency/).
 */
import { readFile } from 'node:fs/promises';
import { AGENT_ARGS, EXPLICIT_ONLY, prdFor, runCli, type TestRepo } from '../helpers/cli.js';
import { linkTsc, makeTsRepo } from '../helpers/ts-repo.js';
import type { RunEvent } from '../../src/events/types.js';
import { repoTracker } from './helpers.js';

const repos = repoTracker();
afterEach(() => repos.cleanup());
const repoWith = repos.make;
const tsRepo = async (files: Record<string, string>, stories: Parameters<typeof prdFor>[0], script: Record<string, unknown>): Promise<TestRepo> =>
  repos.track(await makeTsRepo(files, prdFor(stories), script));

const PARALLEL = ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];
const of = <T extends RunEvent['type']>(events: RunEvent[], type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

/** A fresh copy of the repo's initial state and script, for the --no-reconcile comparison. */
async function repoWithSameStories(original: TestRepo): Promise<TestRepo> {
  const prd = JSON.parse(await original.git(['show', 'main:prd.json'])) as Record<string, unknown>;
  const files: Record<string, string> = {};
  for (const path of (await original.git(['ls-tree', '-r', '--name-only', 'main'])).split('\n')) {
    if (path !== 'prd.json') files[path] = `${await original.git(['show', `main:${path}`])}\n`;
  }
  const script = JSON.parse(await readFile(original.scriptPath, 'utf8')) as { stories: Record<string, unknown> };
  return linkTsc(await repoWith(files, prd, script.stories));
}

describe('parallel runs and their counterfactual', () => {
  it('reconciliation reports a type error caused by two stories, naming both, and the run exits 1', async () => {
    const repo = await tsRepo(
      { 'src/greet.ts': "export function greet(name: string): string {\n  return `hi ${name}`;\n}\n", 'src/main.ts': "import { greet } from './greet.js';\n\nexport const message = greet('you');\n" },
      [{ id: 'US-1', title: 'Rename greet to welcome' }, { id: 'US-2', title: 'Greet the admin' }],
      {
        'US-1': {
          replace: [
            { path: 'src/greet.ts', find: 'export function greet(', replace: 'export function welcome(' },
            { path: 'src/main.ts', find: "import { greet } from './greet.js';\n\nexport const message = greet('you');", replace: "import { welcome } from './greet.js';\n\nexport const message = welcome('you');" },
          ],
          complete: true,
        },
        'US-2': { waitForMerge: 'US-1', write: { 'src/admin.ts': "import { greet } from './greet.js';\n\nexport const admin = greet('admin');\n" }, complete: true },
      },
    );
    const result = await runCli(repo, PARALLEL);
    expect(result.exitCode).toBe(1);
    const issues = of(result.events, 'reconcile:issue').filter((e) => e.kind === 'typecheck');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ file: 'src/admin.ts', fixed: false });
    expect([...(issues[0]?.stories ?? [])].sort()).toEqual(['US-1', 'US-2']);
    // Both stories merged: the problem is flagged, not hidden by refusing work.
    expect(of(result.events, 'merge:done')).toHaveLength(2);
    const flagged = of(result.events, 'summary')[0]?.summary.reconciliation.flaggedItems ?? [];
    expect(flagged.some((item) => item.kind === 'typecheck' && item.file === 'src/admin.ts')).toBe(true);

    const skipped = await repoWithSameStories(repo);
    const noReconcile = await runCli(skipped, [...PARALLEL, '--no-reconcile']);
    expect(noReconcile.exitCode).toBe(0);
    expect(of(noReconcile.events, 'reconcile:start')).toHaveLength(0);
  });


  it('--max-concurrency auto logs its decisions as concurrency events', async () => {
    const files = { 'src/total.js': 'export function total(x) {\n  return x;\n}\n' };
    const stories = [{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }, { id: 'US-4' }];
    const script = {
      'US-1': { replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 1;' }], complete: true },
      'US-2': [{ waitForMerge: 'US-1', replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 2;' }], complete: true }, { complete: true }],
      'US-3': [{ waitForMerge: 'US-1', replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 3;' }], complete: true }, { complete: true }],
      'US-4': { delayMs: 100, complete: true },
    };
    const repo = await repoWith(files, prdFor(stories), script);
    const result = await runCli(repo, [...PARALLEL, '--max-concurrency', 'auto']);
    expect(result.exitCode).toBe(0);
    const decisions = of(result.events, 'concurrency');
    expect(decisions[0]).toMatchObject({ from: 0, to: 3, reason: expect.stringContaining('auto: min(') as string });
    expect(decisions.some((d) => d.to < d.from && /merges conflicted/.test(d.reason))).toBe(true);
    const summary = of(result.events, 'summary')[0]?.summary;
    expect(summary?.concurrencyHistory.length).toBe(decisions.length);

    const fixed = await repoWith(files, prdFor(stories), script);
    const explicit = await runCli(fixed, [...PARALLEL, '--max-concurrency', '3']);
    expect(of(explicit.events, 'concurrency')).toHaveLength(0);
  });
});
