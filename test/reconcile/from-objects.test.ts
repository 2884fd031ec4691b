import { reconcile } from '../../src/reconcile/index.js';
import { fixtureGit } from './fixture-git.js';
import { context, mergedScenario, reconcileEvents, removeTempDirs, type Scenario } from './helpers.js';

afterAll(removeTempDirs);

/** A `dir` that hands out the scenario's worktree and counts how often it was asked for. */
function lazyCheckout(s: Scenario): { dir: () => Promise<string>; asked: () => number } {
  let asked = 0;
  return {
    dir: async () => {
      asked += 1;
      return s.worktree;
    },
    asked: () => asked,
  };
}

const MARKED = 'export const a = 1;\n<<<<<<< HEAD\nexport const b = 2;\n=======\nexport const b = 3;\n>>>>>>> story\n';

describe('reconcile without a checkout (lazy dir)', () => {
  test('markers and reported duplicates are found from head’s objects, exactly as in a checkout, and no checkout is asked for', async () => {
    const s = await mergedScenario(
      { 'src/a.ts': 'export const a = 1;\n', 'src/gone.ts': 'export const g = 1;\n', 'README.md': 'Title\n=====\n' },
      {
        A: { 'README.md': 'Title\n=======\n\nSection\n=======\n', 'logo.bin': 'PNG\0<<<<<<< binary\n' },
        B: { 'src/a.ts': MARKED },
        // A duplicate in a file that does not parse is reported, not fixed.
        C: { 'src/ns.ts': "import { a } from 'x';\nimport { a } from 'x';\nconst = ;\n" },
      },
    );
    await fixtureGit(s.repo, ['rm', '-q', 'src/gone.ts']);
    await fixtureGit(s.repo, ['commit', '-q', '-m', 'story D deletes a file']);
    const head = await fixtureGit(s.repo, ['rev-parse', 'HEAD']);
    const batch = [...s.batch, { storyId: 'D', title: 'Story D', files: ['src/gone.ts'] }];
    await fixtureGit(s.worktree, ['checkout', '-q', '--detach', head]);

    const lazy = lazyCheckout(s);
    const ctx = context(s);
    const fromObjects = await reconcile({ ctx, dir: lazy.dir, head, batch });
    expect(lazy.asked()).toBe(0);
    const inCheckout = await reconcile({ ctx: context(s), dir: s.worktree, head, batch });
    expect(fromObjects).toEqual(inCheckout);
    expect(fromObjects.issues.map((i) => [i.kind, i.file, i.line, i.fixed, i.stories])).toEqual([
      ['conflict-marker', 'src/a.ts', 2, false, ['B']],
      ['duplicate-import', 'src/ns.ts', 2, false, ['C']],
    ]);
    expect(fromObjects.fixCommit).toBeNull();
    expect(reconcileEvents(ctx).map((e) => e.type)).toEqual(['reconcile:start', 'reconcile:issue', 'reconcile:issue', 'reconcile:done']);
  });

  test('a clean batch reads no checkout and reports nothing', async () => {
    const s = await mergedScenario({ 'src/a.ts': 'export const a = 1;\n' }, { A: { 'src/b.ts': 'export const b = 1;\n' }, B: { 'notes.txt': 'hi\n' } });
    const lazy = lazyCheckout(s);
    const result = await reconcile({ ctx: context(s), dir: lazy.dir, head: s.head, batch: s.batch });
    expect(result).toEqual({ issues: [], autoFixed: 0, flagged: 0, fixCommit: null });
    expect(lazy.asked()).toBe(0);
  });

  test('a duplicate import to fix takes the checkout: the fix is committed there', async () => {
    const s = await mergedScenario(
      { 'src/x.ts': 'export const x = 1;\n' },
      { A: { 'src/util.ts': "import { join } from 'node:path';\nimport { join } from 'node:path';\nexport const a = join('a');\n" } },
    );
    const lazy = lazyCheckout(s);
    const result = await reconcile({ ctx: context(s), dir: lazy.dir, head: s.head, batch: s.batch });
    expect(lazy.asked()).toBe(1);
    expect(result.issues.filter((i) => i.kind === 'duplicate-import' && i.fixed)).toHaveLength(1);
    expect(await fixtureGit(s.worktree, ['log', '-1', '--format=%s', result.fixCommit ?? ''])).toBe('reconcile: remove 1 duplicate import');
  });

  test.each([
    ['a tsconfig.json at head (tsc runs on disk)', { 'tsconfig.json': '{}\n' }, {}],
    ['a Cargo.toml at head', { 'Cargo.toml': '[package]\nname = "x"\n' }, {}],
    ['quality gates', {}, { gates: ['true'] }],
    ['a formatter', {}, { reconcileFormat: 'true' }],
    ['typecheck commands', {}, { reconcileTypecheck: ['true'] }],
  ])('%s → the checkout is asked for', async (_name, base: Record<string, string>, settings) => {
    const s = await mergedScenario({ 'src/a.ts': 'export const a = 1;\n', ...base }, { A: { 'src/b.ts': 'export const b = 1;\n' } });
    const sentinel = new Error('checkout asked for');
    const ctx = context(s, settings);
    await expect(reconcile({ ctx, dir: () => Promise.reject(sentinel), head: s.head, batch: s.batch })).rejects.toBe(sentinel);
  });

  test('an open issue with the agent fix-up on → the checkout is asked for (the agent works on disk)', async () => {
    const s = await mergedScenario({ 'src/a.ts': 'export const a = 1;\n' }, { B: { 'src/a.ts': MARKED } });
    const sentinel = new Error('checkout asked for');
    const ctx = context(s, { reconcileFixWithAgent: true });
    await expect(reconcile({ ctx, dir: () => Promise.reject(sentinel), head: s.head, batch: s.batch })).rejects.toBe(sentinel);
    // Without the fix-up the same batch is flagged from the objects alone.
    const flagged = await reconcile({ ctx: context(s), dir: () => Promise.reject(sentinel), head: s.head, batch: s.batch });
    expect(flagged.flagged).toBe(1);
  });
});
