import { access, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadInputs } from '../../src/cli/prepare-run.js';
import { InputError } from '../../src/util/errors.js';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, ROOT, runCli, startCli, type TestRepo } from '../helpers/cli.js';

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

const TWO_STORIES = prdFor([{ id: 'US-1' }, { id: 'US-2' }]);

describe('issue 16 item 8: what a run says is true', () => {
  it('shows a missing type checker as a warning, not as a flagged issue the batch does not count', async () => {
    // tsconfig.json and no tsc anywhere (no node_modules in the repo): reconciliation cannot type-check.
    const repo = await repoWith({ 'tsconfig.json': '{}\n', 'src/a.ts': 'export const a = 1;\n' }, TWO_STORIES);
    // `npm test` puts node_modules/.bin (and its tsc) on PATH: the run gets the system's PATH and node only.
    const path = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', dirname(process.execPath)].join(':');
    const result = await runCli(repo, ['run', '--parallel', ...AGENT_ARGS, ...EXPLICIT_ONLY], { PATH: path });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.find((l) => l.includes('reconcile warning: tsc not available'))).toBeDefined();
    expect(lines.filter((l) => l.includes('FLAGGED'))).toEqual([]);
    expect(lines.find((l) => l.includes('reconcile done:'))).toMatch(/0 flagged/);
  }, 120_000);
});

describe('progress.txt in a parallel run', () => {
  it('has exactly one "# Ralph Progress Log" header however many stories merged', async () => {
    const repo = await repoWith({}, prdFor([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }]));
    const result = await runCli(repo, ['run', '--parallel', '--max-concurrency', '3', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    const progress = await readFile(join(repo.dir, 'progress.txt'), 'utf8');
    expect(progress.match(/^# Ralph Progress Log$/gm)).toHaveLength(1);
    expect(progress.startsWith('# Ralph Progress Log\n')).toBe(true);
    for (const id of ['US-1', 'US-2', 'US-3']) expect(progress.match(new RegExp(`^## .* - ${id}: `, 'gm'))).toHaveLength(1);
  }, 120_000);
});

describe('a PRD with a dependsOn cycle', () => {
  it.each([['--parallel'], ['--no-parallel']])('is refused with %s before anything is created', async (mode) => {
    const repo = await repoWith({}, prdFor([{ id: 'US-1', dependsOn: ['US-2'] }, { id: 'US-2', dependsOn: ['US-1'] }]));
    const result = await runCli(repo, ['run', mode, ...AGENT_ARGS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('US-1 → US-2 → US-1');
    await expect(access(join(repo.dir, '.git', 'ralph-wt'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await repo.git(['branch', '--format=%(refname:short)'])).toBe('main');
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('ralph-wt clean and kept conflict branches', () => {
  const files = { 'src/total.js': 'export function total(x) {\n  return x;\n}\n' };
  const script = {
    'US-1': { replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return Math.round(x);' }], complete: true },
    'US-2': [
      { waitForMerge: 'US-1', replace: [{ path: 'src/total.js', find: 'return x;', replace: 'return x + 1;' }], complete: true },
      { replace: [{ path: 'src/total.js', find: 'return Math.round(x);', replace: 'return Math.round(x) + 1;' }], complete: true },
    ],
  };

  it('does not call the first attempt of a story that merged from its re-run "unmerged work"', async () => {
    const repo = await repoWith(files, TWO_STORIES, script);
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    expect(result.events.filter((e) => e.type === 'merge:conflict')).toHaveLength(1);
    const kept = await repo.git(['branch', '--list', '*--conflicts/*', '--format=%(refname:short)']);
    expect(kept).not.toBe('');
    const clean = await runCli(repo, ['clean']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain('kept 1 conflict branch(es): 1 superseded (the story merged later from a re-run)');
    expect(clean.stdout).not.toContain('unmerged work');
  }, 120_000);

  it('still calls the branch of a story left conflicted "unmerged work"', async () => {
    const repo = await repoWith(files, TWO_STORIES, script);
    const result = await runCli(repo, ['run', '--parallel', '--no-fallback', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    const clean = await runCli(repo, ['clean']);
    expect(clean.stdout).toContain('kept 1 conflict branch(es): 1 with unmerged work');
  }, 120_000);
});

describe('.ralphrc.example and prd.json `parallel`, as the README describes them', () => {
  interface ConfigJson {
    values: Record<string, unknown>;
    sources: Record<string, string>;
  }
  const config = async (repo: TestRepo, extra: string[] = []): Promise<ConfigJson> => {
    // Not runCli: its --json means NDJSON events, this is one JSON document.
    const result = await startCli(repo, ['config', '--json', ...extra]);
    expect(result.exitCode).toBe(0);
    return JSON.parse(String(result.stdout)) as ConfigJson;
  };

  it('.ralphrc.example sets every setting, to the built-in default', async () => {
    const repo = await repoWith({}, TWO_STORIES);
    const defaults = await config(repo);
    const example = await config(repo, ['--config', join(ROOT, '.ralphrc.example')]);
    expect(example.values).toEqual(defaults.values);
    expect(Object.entries(example.sources).filter(([, source]) => source !== 'rc')).toEqual([]);
  }, 60_000);

  // README "Configuration": the keys prd.json `parallel` takes, and the rc-only ones.
  const ACCEPTED = ['enabled', 'maxConcurrency', 'conflictStrategy', 'inferenceMode', 'similarityThreshold', 'weights', 'autoCeiling'];
  const RC_ONLY = ['agentMemoryMb', 'conflictResolution', 'sameEntity', 'fallback', 'embedder', 'modelPath', 'conflictWindow', 'conflictThreshold', 'recoverAfter'];

  it('prd.json `parallel` takes exactly the keys the README lists', async () => {
    const repo = await repoWith({}, TWO_STORIES);
    const { values } = await config(repo);
    const valueOf = (key: string): unknown => (key === 'enabled' ? values['parallel'] : values[key]);
    const writePrdWith = (key: string): Promise<void> =>
      writeFile(join(repo.dir, 'prd.json'), `${JSON.stringify(prdFor([{ id: 'US-1' }], { parallel: { [key]: valueOf(key) } }), null, 2)}\n`);
    // Every key through loadInputs, what `validate` (and `run`) load the PRD and settings with: an
    // InputError is validate's exit 2. One process per key would cost the suite 10 s.
    for (const key of [...ACCEPTED, ...RC_ONLY]) {
      await writePrdWith(key);
      const outcome = await loadInputs({ cwd: repo.dir, prdPath: 'prd.json', cli: {} }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof InputError ? 'refused' : `crashed: ${String(error)}`),
      );
      expect([key, outcome]).toEqual([key, ACCEPTED.includes(key) ? 'accepted' : 'refused']);
    }
    // And the built CLI's exit codes for one key of each kind.
    for (const [key, exitCode] of [['maxConcurrency', 0], ['sameEntity', 2]] as const) {
      await writePrdWith(key);
      const result = await runCli(repo, ['validate']);
      expect([key, result.exitCode]).toEqual([key, exitCode]);
    }
    // Together they are every key of the rc file's `parallel:` block.
    const example = await readFile(join(ROOT, '.ralphrc.example'), 'utf8');
    const block = example.slice(example.indexOf('\nparallel:\n'), example.indexOf('\nreconcile:\n'));
    const rcKeys = [...block.matchAll(/^ {2}([a-zA-Z]+):/gm)].map((m) => m[1]);
    expect(rcKeys.sort()).toEqual([...ACCEPTED, ...RC_ONLY].sort());
  }, 300_000);
});
