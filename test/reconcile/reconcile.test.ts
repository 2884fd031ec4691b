import { readFile, symlink, mkdir, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { reconcile } from '../../src/reconcile/index.js';
import { findTool } from '../../src/reconcile/find-tool.js';
import { fixtureGit } from './fixture-git.js';
import { FAKE_AGENT, FORMATTER, context, mergedScenario, reconcileEvents, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const TSC = resolveLocalTsc();
function resolveLocalTsc(): string {
  return join(process.cwd(), 'node_modules', '.bin', 'tsc');
}

const UTIL = `import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function load(p: string): string {
  return readFileSync(resolve(p), 'utf8');
}

export function size(p: string): number {
  return load(p).length;
}
`;

async function status(dir: string): Promise<string> {
  return fixtureGit(dir, ['status', '--porcelain', '--untracked-files=all']);
}

describe('reconcile', () => {
  test('two stories adding the same import → one import, committed as reconcile: …; events in order', async () => {
    const lines = UTIL.split('\n');
    const s = await mergedScenario(
      { 'src/util.ts': UTIL },
      {
        A: { 'src/util.ts': `import { join } from 'node:path';\n${lines.slice(0, 6).join('\n')}\nexport const a = join('a');\n${lines.slice(6).join('\n')}` },
        B: { 'src/util.ts': `${lines.slice(0, 2).join('\n')}\nimport { join } from 'node:path';\n${lines.slice(2).join('\n')}export const b = join('b');\n` },
      },
    );
    const merged = await readFile(join(s.worktree, 'src/util.ts'), 'utf8');
    expect(merged.match(/import \{ join \}/g)).toHaveLength(2);
    const ctx = context(s);
    const result = await reconcile({ ctx, dir: s.worktree, head: s.head, batch: s.batch });

    const after = await readFile(join(s.worktree, 'src/util.ts'), 'utf8');
    expect(after.match(/import \{ join \}/g)).toHaveLength(1);
    expect(result.fixCommit).not.toBeNull();
    expect(await fixtureGit(s.worktree, ['log', '-1', '--format=%s', result.fixCommit ?? ''])).toBe('reconcile: remove 1 duplicate import');
    expect(await fixtureGit(s.worktree, ['rev-parse', `${result.fixCommit ?? ''}^`])).toBe(s.head);
    expect(await fixtureGit(s.repo, ['rev-parse', 'main'])).toBe(s.head); // refs are the caller's
    expect(await status(s.worktree)).toBe('');
    expect(result.issues).toEqual([
      {
        kind: 'duplicate-import',
        file: 'src/util.ts',
        line: 4,
        message: `'join' from 'node:path' imported again (first on line 1)`,
        suggestion: 'removed the duplicate statement on line 4',
        fixed: true,
        stories: ['A', 'B'],
      },
    ]);
    expect(result.autoFixed).toBe(1);
    expect(result.flagged).toBe(0);
    const events = reconcileEvents(ctx);
    expect(events.map((e) => e.type)).toEqual(['reconcile:start', 'reconcile:issue', 'reconcile:done']);
    expect(events[2]).toEqual({ type: 'reconcile:done', issuesFound: 1, autoFixed: 1, flagged: 0 });
  });

  test("a merge that breaks another story's code under tsc → issue with file, line and both stories", async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: [], skipLibCheck: true }, include: ['src'] });
    const s = await mergedScenario(
      {
        '.gitignore': 'node_modules/\n',
        'tsconfig.json': tsconfig,
        'package.json': '{"type":"module"}\n',
        'src/greet.ts': 'export function greet(n: string): string {\n  return n;\n}\n',
      },
      {
        A: { 'src/greet.ts': 'export function greetUser(n: string): string {\n  return n;\n}\n' },
        B: { 'src/report.ts': "import { greet } from './greet.js';\n\nexport const r = greet('x');\n" },
      },
    );
    // The repo's own tsc, in the main checkout only: the worktree has no node_modules, as in a real run.
    await mkdir(join(s.repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(TSC, join(s.repo, 'node_modules', '.bin', 'tsc'));
    const result = await reconcile({ ctx: context(s), dir: s.worktree, head: s.head, batch: s.batch });
    const typeIssues = result.issues.filter((i) => i.kind === 'typecheck');
    expect(typeIssues.length).toBeGreaterThanOrEqual(1);
    expect(typeIssues[0]).toMatchObject({ file: 'src/report.ts', line: 1, fixed: false, stories: ['A', 'B'] });
    expect(typeIssues[0]?.message).toMatch(/TS2305/);
    expect(result.flagged).toBe(typeIssues.length);
    expect(result.fixCommit).toBeNull();
  });

  test('no type checker installed → a tool-missing warning, not a crash (counted neither fixed nor flagged)', async () => {
    const s = await mergedScenario({ 'pyproject.toml': '[project]\nname = "x"\n', 'app/a.py': 'X = 1\n', 'tsconfig.json': '{}\n' }, { A: { 'app/b.py': 'Y = 2\n' } });
    // A PATH with git and sh only: neither mypy nor tsc can be found, whatever this machine has installed.
    const bin = await tempDir('bin');
    for (const tool of ['git', 'sh']) {
      const path = await findTool(tool, []);
      if (path) await symlink(path, join(bin, tool));
    }
    const savedPath = process.env['PATH'];
    process.env['PATH'] = bin;
    let result;
    try {
      result = await reconcile({ ctx: context(s), dir: s.worktree, head: s.head, batch: s.batch });
    } finally {
      process.env['PATH'] = savedPath;
    }
    const missing = result.issues.filter((i) => i.kind === 'tool-missing');
    expect(missing.map((i) => i.message)).toEqual([
      expect.stringMatching(/^tsc not available \(the repo has tsconfig.json\)/),
      expect.stringMatching(/^mypy not available \(the repo has pyproject.toml\)/),
    ]);
    expect(missing[1]?.suggestion).toMatch(/\.venv\/bin\/mypy/);
    expect(result.flagged).toBe(0);
    expect(result.autoFixed).toBe(0);
  });

  test('leftover conflict markers in a batch file are flagged with their lines; markdown headings are not', async () => {
    const s = await mergedScenario(
      { 'src/a.ts': 'export const a = 1;\n', 'README.md': 'Title\n=====\n' },
      {
        A: { 'README.md': 'Title\n=======\n\nSection\n=======\n' },
        B: { 'src/a.ts': 'export const a = 1;\n<<<<<<< HEAD\nexport const b = 2;\n=======\nexport const b = 3;\n>>>>>>> story\n' },
      },
    );
    const result = await reconcile({ ctx: context(s), dir: s.worktree, head: s.head, batch: s.batch });
    expect(result.issues).toEqual([
      expect.objectContaining({ kind: 'conflict-marker', file: 'src/a.ts', line: 2, fixed: false, stories: ['B'], message: expect.stringContaining('lines 2-6') }),
    ]);
    expect(result.flagged).toBe(1);
  });

  test('format touches only batch files: a file outside the batch is put back even when the formatter is given it', async () => {
    const legacy = 'export const legacy = 1;   \n';
    const s = await mergedScenario(
      { 'src/a.ts': 'export const a = 1;\n', 'src/legacy.ts': legacy, 'src/b.ts': 'export const b = 1;\n' },
      { A: { 'src/a.ts': 'export const a = 1;   \n\n\n\nexport const a2 = 2;\n' }, B: { 'src/b.ts': 'export const b = 2;\n' } },
    );
    // A formatter that ignores its scope: it is also handed src/legacy.ts.
    const ctx = context(s, { reconcileFormat: `node '${FORMATTER}' src/legacy.ts` });
    const result = await reconcile({ ctx, dir: s.worktree, head: s.head, batch: s.batch });
    expect(await readFile(join(s.worktree, 'src/a.ts'), 'utf8')).toBe('export const a = 1;\n\nexport const a2 = 2;\n');
    expect(await readFile(join(s.worktree, 'src/legacy.ts'), 'utf8')).toBe(legacy);
    const formatIssues = result.issues.filter((i) => i.kind === 'format');
    expect(formatIssues.map((i) => [i.file, i.fixed, i.stories])).toEqual([
      ['src/a.ts', true, ['A']],
      [null, true, ['A', 'B']],
    ]);
    expect(formatIssues[1]?.message).toMatch(/outside the batch \(src\/legacy.ts\)/);
    expect(await fixtureGit(s.worktree, ['log', '-1', '--format=%s'])).toBe('reconcile: format 1 file');
    expect(await fixtureGit(s.worktree, ['show', '--name-only', '--format=', 'HEAD'])).toBe('src/a.ts');
    expect(await status(s.worktree)).toBe('');
  });

  test('gates re-run on the fixed result: passing after the fix, flagged when failing', async () => {
    const lines = UTIL.split('\n');
    const stories = {
      A: { 'src/util.ts': `import { join } from 'node:path';\n${lines.slice(0, 6).join('\n')}\nexport const a = join('a');\n${lines.slice(6).join('\n')}` },
      B: { 'src/util.ts': `${lines.slice(0, 2).join('\n')}\nimport { join } from 'node:path';\n${lines.slice(2).join('\n')}export const b = join('b');\n` },
    };
    // Passes only when exactly one `import { join }` is left: proves the gates see the de-duplicated tree.
    const oneImport = `test "$(grep -c 'import { join }' src/util.ts)" = 1`;
    const s1 = await mergedScenario({ 'src/util.ts': UTIL }, stories);
    const ok = await reconcile({ ctx: context(s1, { gates: [oneImport] }), dir: s1.worktree, head: s1.head, batch: s1.batch });
    expect(ok.issues.filter((i) => i.kind === 'gate')).toEqual([]);

    const s2 = await mergedScenario({ 'src/util.ts': UTIL }, stories);
    const failing = await reconcile({ ctx: context(s2, { gates: [oneImport, 'echo tests failed >&2; exit 3'] }), dir: s2.worktree, head: s2.head, batch: s2.batch });
    const gate = failing.issues.find((i) => i.kind === 'gate');
    expect(gate).toMatchObject({ file: null, line: null, fixed: false, stories: ['A', 'B'] });
    expect(gate?.message).toMatch(/exit 3` exited with code 3 on the merged result: tests failed/);
    expect(failing.flagged).toBe(1);
    expect(failing.fixCommit).not.toBeNull(); // the trivial fix is still committed
  });
});

describe('agent fix-up', () => {
  async function agentScenario(attempt: Record<string, unknown>) {
    const s = await mergedScenario({ 'status.txt': 'ok\n', 'src/a.ts': 'export const a = 1;\n' }, { A: { 'src/a.ts': 'export const a = 2;\n' }, B: { 'status.txt': 'broken\n' } });
    await writeFile(join(s.worktree, '.env'), 'SECRET=1\n'); // an untracked file the runner copied in: never committed, never deleted
    const state = await tempDir('agent-state');
    const script = join(state, 'script.json');
    await writeFile(script, JSON.stringify({ stories: { reconcile: attempt } }));
    process.env['RALPH_FAKE_SCRIPT'] = script;
    process.env['RALPH_FAKE_STATE'] = join(state, 'state');
    const ctx = context(s, { gates: ['grep -qx ok status.txt'], reconcileFixWithAgent: true, agent: 'custom', agentCommand: FAKE_AGENT });
    return { s, ctx };
  }
  afterEach(() => {
    delete process.env['RALPH_FAKE_SCRIPT'];
    delete process.env['RALPH_FAKE_STATE'];
  });

  test('kept and committed when the checks pass afterwards', async () => {
    const { s, ctx } = await agentScenario({ write: { 'status.txt': 'ok\n', 'notes/fix.md': 'fixed\n' }, commit: 'agent commit', complete: true });
    const result = await reconcile({ ctx, dir: s.worktree, head: s.head, batch: s.batch });
    expect(result.fixCommit).not.toBeNull();
    expect(await fixtureGit(s.worktree, ['rev-parse', `${result.fixCommit ?? ''}^`])).toBe(s.head);
    expect(await fixtureGit(s.worktree, ['log', '-1', '--format=%s', result.fixCommit ?? ''])).toBe('reconcile: fix 1 issue with the agent');
    expect((await fixtureGit(s.worktree, ['show', '--name-only', '--format=', result.fixCommit ?? ''])).split('\n').sort()).toEqual(['notes/fix.md', 'status.txt']);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'gate', fixed: true, suggestion: expect.stringMatching(/^fixed by the agent fix-up/) })]);
    expect(result.flagged).toBe(0);
    expect(result.autoFixed).toBe(1);
    expect(await status(s.worktree)).toBe('?? .env');
  });

  test('discarded (reset + clean of what it created) when the checks still fail', async () => {
    const { s, ctx } = await agentScenario({ write: { 'status.txt': 'still broken\n', 'junk/tmp.txt': 'x\n' }, complete: true });
    const result = await reconcile({ ctx, dir: s.worktree, head: s.head, batch: s.batch });
    expect(result.fixCommit).toBeNull();
    expect(result.flagged).toBe(1);
    expect(await fixtureGit(s.worktree, ['rev-parse', 'HEAD'])).toBe(s.head);
    expect(await status(s.worktree)).toBe('?? .env');
    await expect(access(join(s.worktree, 'junk/tmp.txt'))).rejects.toThrow();
    expect(ctx.bus.history()).toContainEqual({ type: 'warning', message: 'reconcile agent fix-up not kept: checks still fail after the agent fix-up' });
  });
});

test('paths git reports unmerged are flagged', async () => {
  const s = await mergedScenario({ 'src/a.ts': 'export const a = 1;\n' }, { A: { 'src/b.ts': 'export const b = 1;\n' } });
  // A conflicting merge attempted in the worktree leaves an unmerged index entry while HEAD stays at head.
  await fixtureGit(s.repo, ['branch', 'side', `${s.head}~1`]);
  await fixtureGit(s.repo, ['checkout', '-q', 'side']);
  await writeFile(join(s.repo, 'src/a.ts'), 'export const a = 2;\n');
  await fixtureGit(s.repo, ['commit', '-q', '-am', 'side']);
  await writeFile(join(s.worktree, 'src/a.ts'), 'export const a = 3;\n');
  await fixtureGit(s.worktree, ['commit', '-q', '-am', 'wt']);
  const head = await fixtureGit(s.worktree, ['rev-parse', 'HEAD']);
  await fixtureGit(s.worktree, ['merge', '--no-edit', 'side']).catch(() => undefined);
  const result = await reconcile({ ctx: context(s), dir: s.worktree, head, batch: [{ storyId: 'A', title: 'A', files: ['src/a.ts'] }] });
  expect(result.issues.filter((i) => i.kind === 'unmerged')).toEqual([expect.objectContaining({ file: 'src/a.ts', fixed: false, stories: ['A'] })]);
  expect(result.issues.filter((i) => i.kind === 'conflict-marker')).toEqual([expect.objectContaining({ file: 'src/a.ts', line: 1 })]);
});
