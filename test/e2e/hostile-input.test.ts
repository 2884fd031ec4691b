import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, GIT_ENV, invocations, prdFor, ROOT, runCli, type StorySpec, type TestRepo } from '../helpers/cli.js';
import { listTree, of, repoTracker, runIn } from './helpers.js';

/** Untrusted text in prd.json, rc files and flags: no shell injection, no path escapes, clear exit-2 errors. */

const repos = repoTracker();
afterEach(() => repos.cleanup());

const LONG_ID = `US-${'x'.repeat(197)}`;
const HOSTILE: StorySpec[] = [
  { id: 'US-1; touch PWNED', title: 'semicolon $(touch PWNED_T1)' },
  { id: '$(touch PWNED2)', title: '`touch PWNED_T2`' },
  { id: '`touch PWNED3`', title: "quote ' \" && touch PWNED_T3" },
  { id: '../../escape', title: '../../../title-escape' },
  { id: '日本語 ストーリー', title: '日本語のタイトル ✓' },
  { id: LONG_ID, title: 'a 200-character id' },
  { id: '-rf --force', title: 'looks like options' },
  { id: 'HEAD', title: 'a reserved ref name' },
];

/** Each hostile story writes one plainly named file, so any oddly named file came from the orchestrator. */
function scriptFor(stories: StorySpec[]): Record<string, unknown> {
  return Object.fromEntries(stories.map((s, i) => [s.id, { delayMs: 100, write: { [`out/story-${i}.txt`]: `${i}\n` }, complete: true }]));
}

async function pwnedFiles(repo: TestRepo): Promise<string[]> {
  const root = dirname(repo.dir);
  const inTemp = (await listTree(root, true)).filter((p) => basename(p).startsWith('PWNED'));
  const inProject = (await readdir(ROOT)).filter((name) => name.startsWith('PWNED'));
  return [...inTemp, ...inProject];
}

async function expectUnchanged(repo: TestRepo, prdBefore: string): Promise<void> {
  expect(await readFile(join(repo.dir, 'prd.json'), 'utf8')).toBe(prdBefore);
  expect(await repo.git(['branch', '--list', 'ralph/test'])).toBe('');
  expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('main');
  await expect(readFile(join(repo.dir, '.git', 'ralph-wt', 'state.json'), 'utf8')).rejects.toThrow();
  expect(await invocations(repo)).toEqual([]);
}

describe('hostile story ids and titles', () => {
  it('validate accepts them; --parallel runs them with safe branch names, contained worktrees and no shell injection', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor(HOSTILE), scriptFor(HOSTILE));
    const validated = await runCli(repo, ['validate', ...EXPLICIT_ONLY]);
    expect(validated.stderr).toBe('');
    expect(validated.exitCode).toBe(0);
    expect(validated.stdout).toContain(`valid — ${HOSTILE.length} stories`);

    const result = await runCli(repo, ['run', '--parallel', '--max-concurrency', '4', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'story:done').map((e) => e.storyId).sort()).toEqual(HOSTILE.map((s) => s.id).sort());

    // Branch names are valid git branch names, distinct, and under ralph-wt/.
    const started = of(result.events, 'story:started');
    expect(started).toHaveLength(HOSTILE.length);
    const branches = started.map((e) => e.branch ?? '(none)');
    expect(new Set(branches).size).toBe(HOSTILE.length);
    for (const branch of branches) {
      expect(branch.startsWith('ralph-wt/')).toBe(true);
      const check = await execa('git', ['check-ref-format', '--branch', branch], { cwd: repo.dir, reject: false });
      expect({ branch, exitCode: check.exitCode }).toEqual({ branch, exitCode: 0 });
    }
    // Worktrees sit directly inside .git/ralph-wt/worktrees (no `..` escape, no nesting).
    const base = resolve(repo.dir, '.git', 'ralph-wt', 'worktrees');
    for (const { worktree } of started) {
      const rel = relative(base, resolve(worktree ?? '(none)'));
      expect(rel === '' || rel.startsWith('..') || rel.includes(sep)).toBe(false);
    }
    expect(new Set((await invocations(repo)).map((c) => dirname(c.cwd)))).toEqual(new Set([base]));
    // Log files likewise sit directly in the run's log folder.
    const logRoot = join(repo.dir, '.git', 'ralph-wt', 'logs');
    const logs = await listTree(logRoot);
    expect(logs.length).toBeGreaterThanOrEqual(HOSTILE.length);
    for (const path of logs) expect(path.split('/')).toHaveLength(2);

    // Nothing ran a shell over the ids or titles, and nothing landed outside the repo.
    expect(await pwnedFiles(repo)).toEqual([]);
    const outside = (await readdir(dirname(repo.dir))).sort();
    expect(outside).toEqual(['repo', 'script.json', 'state']);
    expect((await readdir(join(repo.dir, 'out'))).sort()).toEqual(HOSTILE.map((_, i) => `story-${i}.txt`).sort());
    const merges = (await repo.git(['log', '--merges', '--format=%s', 'ralph/test'])).split('\n');
    expect(merges).toHaveLength(HOSTILE.length);
    const prd = JSON.parse(await repo.git(['show', 'ralph/test:prd.json'])) as { userStories: { id: string; title: string; passes: boolean }[] };
    expect(prd.userStories.map((s) => [s.id, s.title, s.passes])).toEqual(HOSTILE.map((s) => [s.id, s.title, true]));
    expect(await repo.git(['status', '--porcelain'])).toBe('');
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  });

  it('the sequential loop is just as safe with the same ids', async () => {
    const stories = HOSTILE.slice(0, 4);
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor(stories), scriptFor(stories));
    const result = await runCli(repo, ['run', '--json', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    expect(of(result.events, 'story:done')).toHaveLength(stories.length);
    expect(await pwnedFiles(repo)).toEqual([]);
    expect((await readdir(dirname(repo.dir))).sort()).toEqual(['repo', 'script.json', 'state']);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });
});

describe('bad input is refused with exit 2 and changes nothing', () => {
  it('targetFiles escaping the repository', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1', targetFiles: ['src/**', '../x'] }, { id: 'US-2', targetFiles: ['/etc/passwd'] }]), {});
    const before = await readFile(join(repo.dir, 'prd.json'), 'utf8');
    const result = await runCli(repo, ['run', '--parallel', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"../x"');
    expect(result.stderr).toContain('"/etc/passwd"');
    expect(result.stderr).toMatch(/outside the repository/);
    await expectUnchanged(repo, before);
    const validated = await runCli(repo, ['validate']);
    expect(validated.exitCode).toBe(2);
  });

  it('a prd.json with a syntax error names the line and column', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {});
    const broken = '{\n  "project": "p",\n  "branchName": "ralph/test",\n  "userStories": [ { "id": "US-1", } ]\n}\n';
    await writeFile(join(repo.dir, 'prd.json'), broken);
    await repo.git(['commit', '--quiet', '-am', 'break prd.json']);
    const result = await runCli(repo, ['run', '--parallel', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/prd\.json:4:\d+/);
    await expectUnchanged(repo, broken);
  });

  it('an rc file with a bad value names the file and the key', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n', '.ralphrc.json': '{ "parallel": { "maxConcurrency": -1 } }\n' }, prdFor([{ id: 'US-1' }]), {});
    const before = await readFile(join(repo.dir, 'prd.json'), 'utf8');
    const result = await runCli(repo, ['run', '--parallel', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('.ralphrc.json');
    expect(result.stderr).toContain('parallel.maxConcurrency');
    await expectUnchanged(repo, before);
  });

  it.each([
    [['--max-concurrency', '-1'], '--max-concurrency'],
    [['--conflict-strategy', 'ast'], '--conflict-strategy'],
    [['--inference-mode', 'maybe'], '--inference-mode'],
  ])('bad flag value %j', async (flag, name) => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {});
    const before = await readFile(join(repo.dir, 'prd.json'), 'utf8');
    const result = await runCli(repo, ['run', '--parallel', ...AGENT_ARGS, ...flag]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(name);
    expect(result.stderr).toContain(`"${flag[1] ?? ''}"`);
    await expectUnchanged(repo, before);
  });

  it('outside a git repository, and in a repository with no commits', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ralph-e2e-nogit-'));
    try {
      const plain = join(root, 'plain');
      await mkdir(plain);
      await writeFile(join(plain, 'prd.json'), JSON.stringify(prdFor([{ id: 'US-1' }])));
      // Make sure no enclosing directory is a repository (GIT_CEILING_DIRECTORIES stops the search at root).
      const outside = await runIn(plain, ['run', '--parallel', ...AGENT_ARGS], { GIT_CEILING_DIRECTORIES: root });
      expect(outside.exitCode).toBe(2);
      expect(outside.stderr).toMatch(/not inside a git repository/);
      expect((await readdir(plain)).sort()).toEqual(['prd.json']);

      const empty = join(root, 'empty');
      await mkdir(empty);
      await execa('git', ['init', '--quiet', '--initial-branch=main'], { cwd: empty, env: GIT_ENV });
      await writeFile(join(empty, 'prd.json'), JSON.stringify(prdFor([{ id: 'US-1' }])));
      const unborn = await runIn(empty, ['run', '--parallel', ...AGENT_ARGS], { GIT_CEILING_DIRECTORIES: root });
      expect(unborn.exitCode).toBe(2);
      expect(unborn.stderr).toMatch(/no commits/);
      expect((await execa('git', ['for-each-ref'], { cwd: empty })).stdout).toBe('');
      await expect(readdir(join(empty, '.git', 'ralph-wt'))).rejects.toThrow();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
