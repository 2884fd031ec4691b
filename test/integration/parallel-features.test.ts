import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';
import { makeTsRepo } from '../helpers/ts-repo.js';
import type { RunEvent } from '../../src/events/types.js';

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((r) => r.cleanup()));
  repos = [];
});

async function repoWith(...args: Parameters<typeof makeRepo>): Promise<TestRepo> {
  const repo = await makeRepo(...args);
  repos.push(repo);
  return repo;
}

const PARALLEL = ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];
const of = <T extends RunEvent['type']>(events: RunEvent[], type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

async function tsRepo(files: Record<string, string>, stories: Parameters<typeof prdFor>[0], script: Record<string, unknown>): Promise<TestRepo> {
  const repo = await makeTsRepo(files, prdFor(stories), script);
  repos.push(repo);
  return repo;
}

describe('parallel features', () => {
  it('reconciliation removes a duplicate import two merges produced, in one reconcile commit', async () => {
    const util = "import { a } from './a.js';\nimport { b } from './b.js';\nimport { c } from './c.js';\n\nexport function f(): string {\n  return a + b + c;\n}\n";
    const repo = await tsRepo(
      { 'src/paths.ts': "export function join(...parts: string[]): string {\n  return parts.join('/');\n}\n", 'src/a.ts': "export const a = 'a';\n", 'src/b.ts': "export const b = 'b';\n", 'src/c.ts': "export const c = 'c';\n", 'src/util.ts': util },
      [{ id: 'US-1' }, { id: 'US-2' }],
      {
        'US-1': {
          replace: [
            { path: 'src/util.ts', find: "import { a } from './a.js';", replace: "import { join } from './paths.js';\nimport { a } from './a.js';" },
            { path: 'src/util.ts', find: '  return a + b + c;\n}\n', replace: "  return a + b + c;\n}\n\nexport const pa = join('a');\n" },
          ],
          complete: true,
        },
        'US-2': {
          waitForMerge: 'US-1',
          replace: [{ path: 'src/util.ts', find: "import { c } from './c.js';\n", replace: "import { c } from './c.js';\nimport { join } from './paths.js';\n\nexport const pb = join('b');\n" }],
          complete: true,
        },
      },
    );
    const result = await runCli(repo, PARALLEL);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const merged = await readFile(join(repo.dir, 'src/util.ts'), 'utf8');
    expect(merged.match(/import \{ join \} from '\.\/paths\.js';/g)).toHaveLength(1);
    expect(merged).toContain("export const pa = join('a');");
    expect(merged).toContain("export const pb = join('b');");
    expect(await repo.git(['log', '-1', '--format=%s', 'ralph/test'])).toMatch(/^reconcile: remove 1 duplicate import/);
    const done = of(result.events, 'reconcile:done');
    expect(done.reduce((n, e) => n + e.autoFixed, 0)).toBeGreaterThanOrEqual(1);
    expect(done.reduce((n, e) => n + e.flagged, 0)).toBe(0);
  });

  it('--conflict-strategy decides what happens when two stories edit different functions of one file', async () => {
    const files = { 'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport function sub(a, b) {\n  return a - b;\n}\n' };
    const script = {
      'US-1': { replace: [{ path: 'src/math.js', find: 'return a + b;', replace: 'return Number(a) + Number(b);' }], complete: true },
      'US-2': [
        { waitForMerge: 'US-1', replace: [{ path: 'src/math.js', find: 'return a - b;', replace: 'return Number(a) - Number(b);' }], complete: true },
        { replace: [{ path: 'src/math.js', find: 'return a - b;', replace: 'return Number(a) - Number(b);' }], complete: true },
      ],
    };
    const entity = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), script);
    const byEntity = await runCli(entity, PARALLEL);
    expect(byEntity.exitCode).toBe(0);
    expect(of(byEntity.events, 'merge:conflict')).toHaveLength(0);

    const file = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), script);
    const byFile = await runCli(file, [...PARALLEL, '--conflict-strategy', 'file_based']);
    expect(byFile.exitCode).toBe(0);
    expect(of(byFile.events, 'merge:conflict')).toMatchObject([{ storyId: 'US-2', resolution: 'fallback', files: ['src/math.js'] }]);
    expect(await readFile(join(file.dir, 'src/math.js'), 'utf8')).toContain('Number(a) - Number(b)');
  });

  it('two stories adding tests at the end of one describe suite merge without a re-run (git conflicts on them)', async () => {
    const suite = "describe('cart', () => {\n  it('starts empty', () => {\n    expect(total([])).toBe(0);\n  });\n});\n";
    const files = { 'test/cart.test.js': suite };
    const addTest = (title: string, body: string) => ({
      replace: [{ path: 'test/cart.test.js', find: '  });\n});\n', replace: `  });\n\n  it('${title}', () => {\n    ${body}\n  });\n});\n` }],
      complete: true,
    });
    const repo = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': addTest('adds prices', 'expect(total([2, 3])).toBe(5);'),
      'US-2': { waitForMerge: 'US-1', ...addTest('ignores free items', 'expect(total([0])).toBe(0);') },
    });
    const result = await runCli(repo, PARALLEL);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'merge:conflict')).toHaveLength(0);
    const merged = await readFile(join(repo.dir, 'test/cart.test.js'), 'utf8');
    expect(merged).toContain("it('starts empty'");
    expect(merged.indexOf("it('adds prices'")).toBeLessThan(merged.indexOf("it('ignores free items'"));
    expect(merged.endsWith('  });\n});\n')).toBe(true);
  });

  it('does not keep a clean line merge that defines the same function twice', async () => {
    const files = { 'src/util.py': 'def first():\n    return 1\n\n\ndef middle():\n    return 2\n\n\ndef last():\n    return 3\n' };
    const repo = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': { replace: [{ path: 'src/util.py', find: 'def first():', replace: 'def helper():\n    return "one"\n\n\ndef first():' }], complete: true },
      'US-2': { waitForMerge: 'US-1', replace: [{ path: 'src/util.py', find: '    return 3\n', replace: '    return 3\n\n\ndef helper():\n    return "two"\n' }], complete: true },
    });
    const result = await runCli(repo, [...PARALLEL, '--no-fallback']);
    expect(result.exitCode).toBe(1);
    expect(of(result.events, 'story:conflicted')).toMatchObject([{ storyId: 'US-2' }]);
    const merged = await readFile(join(repo.dir, 'src/util.py'), 'utf8');
    expect(merged.match(/def helper/g)).toHaveLength(1);
  });

});


describe('scope and agent resolution', () => {
  it('reports scope drift, and --strict-scope sends the story back until it stays in scope', async () => {
    const files = { 'src/a.js': 'export const a = 1;\n', 'package.json': '{ "name": "x" }\n' };
    const script = {
      'US-1': [
        { write: { 'src/a.js': 'export const a = 2;\n', 'package.json': '{ "name": "x", "version": "2.0.0" }\n' }, complete: true },
        { write: { 'package.json': '{ "name": "x" }\n' }, complete: true },
      ],
    };
    const lenient = await repoWith(files, prdFor([{ id: 'US-1', targetFiles: ['src/**/*.js'] }]), script);
    const reported = await runCli(lenient, PARALLEL);
    expect(reported.exitCode).toBe(0);
    expect(of(reported.events, 'scope-drift')).toMatchObject([{ storyId: 'US-1', files: ['package.json'], rejected: false }]);
    const summary = of(reported.events, 'summary')[0]?.summary;
    expect(summary?.scopeDrift).toEqual([{ storyId: 'US-1', files: ['package.json'] }]);

    const strict = await repoWith(files, prdFor([{ id: 'US-1', targetFiles: ['src/**/*.js'] }]), script);
    const rejected = await runCli(strict, [...PARALLEL, '--strict-scope']);
    expect(rejected.exitCode).toBe(0);
    expect(of(rejected.events, 'scope-drift')).toMatchObject([{ rejected: true }]);
    expect(of(rejected.events, 'story:iteration')).toHaveLength(2);
    expect(await readFile(join(strict.dir, 'package.json'), 'utf8')).toBe('{ "name": "x" }\n');
    expect(await readFile(join(strict.dir, 'src/a.js'), 'utf8')).toBe('export const a = 2;\n');
  });

  it('--resolve-with-agent lets the agent resolve a conflict the entity merge could not, instead of a fallback', async () => {
    const files = { 'src/total.js': 'export function total(x) {\n  return x;\n}\n' };
    const resolved = 'export function total(x) {\n  return Math.round(x) + 1;\n}\n';
    const repo = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': { replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return Math.round(x);' }], complete: true },
      'US-2': [
        { waitForMerge: 'US-1', replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 1;' }], complete: true },
        { write: { 'src/total.js': resolved }, complete: true },
      ],
    });
    const result = await runCli(repo, [...PARALLEL, '--resolve-with-agent']);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'merge:conflict')).toHaveLength(0);
    expect(of(result.events, 'merge:done').map((e) => e.method)).toContain('agent');
    expect(await readFile(join(repo.dir, 'src/total.js'), 'utf8')).toBe(resolved);
    expect(of(result.events, 'summary')[0]?.summary.conflicts.byMethod.agent).toBe(1);
  });
});

describe('--same-entity', () => {
  it('conflict (default) re-runs a story that edited the same function; diff3 merges far-apart edits inside it', async () => {
    const files = { 'src/calc.js': 'export function calc(x) {\n  const a = x + 1;\n  const b = a * 2;\n  const c = b - 3;\n  const d = c / 4;\n  const e = d + 5;\n  return e;\n}\n' };
    const script = {
      'US-1': { replace: [{ path: 'src/calc.js', find: 'const a = x + 1;', replace: 'const a = x + 10;' }], complete: true },
      'US-2': [
        { waitForMerge: 'US-1', replace: [{ path: 'src/calc.js', find: 'const e = d + 5;', replace: 'const e = d + 50;' }], complete: true },
        { replace: [{ path: 'src/calc.js', find: 'const e = d + 5;', replace: 'const e = d + 50;' }], complete: true },
      ],
    };
    const strict = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), script);
    const byDefault = await runCli(strict, PARALLEL);
    expect(byDefault.exitCode).toBe(0);
    expect(of(byDefault.events, 'merge:conflict')).toMatchObject([{ storyId: 'US-2', resolution: 'fallback' }]);

    const lenient = await repoWith(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), script);
    const byDiff3 = await runCli(lenient, [...PARALLEL, '--same-entity', 'diff3']);
    expect(byDiff3.exitCode).toBe(0);
    expect(of(byDiff3.events, 'merge:conflict')).toHaveLength(0);
    const merged = await readFile(join(lenient.dir, 'src/calc.js'), 'utf8');
    expect(merged).toContain('const a = x + 10;');
    expect(merged).toContain('const e = d + 50;');
  });
});
