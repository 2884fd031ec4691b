import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, invocations, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

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

describe('ralph-wt run (sequential, the classic loop)', () => {
  it('runs stories by priority, respecting dependsOn, and commits each with its progress', async () => {
    const prd = prdFor([
      { id: 'US-A', priority: 1, dependsOn: ['US-B'] },
      { id: 'US-B', priority: 2 },
      { id: 'US-C', priority: 3 },
    ]);
    const repo = await repoWith({ 'README.md': '# app\n' }, prd, {});
    const result = await runCli(repo, ['run', '--json', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    const started = (await invocations(repo)).filter((c) => c.event === 'start').map((c) => c.storyId);
    expect(started).toEqual(['US-B', 'US-A', 'US-C']);
    // Sequential mode works in the user's checkout on the PRD branch.
    expect(new Set((await invocations(repo)).map((c) => c.cwd))).toEqual(new Set([repo.dir]));
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('ralph/test');
    expect((await repo.git(['log', '--format=%s', 'main..ralph/test'])).split('\n')).toEqual([
      'feat(US-C): Story US-C',
      'feat(US-A): Story US-A',
      'feat(US-B): Story US-B',
    ]);
    const saved = JSON.parse(await readFile(join(repo.dir, 'prd.json'), 'utf8')) as { userStories: { id: string; passes: boolean }[] };
    expect(saved.userStories.map((s) => s.passes)).toEqual([true, true, true]);
    expect(await readFile(join(repo.dir, 'prd.json'), 'utf8')).toMatch(/^\{\n {2}"project"[\s\S]*\}\n$/);
    const progress = await readFile(join(repo.dir, 'progress.txt'), 'utf8');
    expect(progress.indexOf('US-B: Story US-B')).toBeLessThan(progress.indexOf('US-A: Story US-A'));
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });

  it('retries a story whose gate fails, with the gate output in the next prompt', async () => {
    const repo = await repoWith({ 'check.sh': 'test -f ok.txt || { echo "ok.txt is missing (gate says so)"; exit 1; }\n' }, prdFor([{ id: 'US-1' }]), {
      'US-1': [
        { echoPrompt: true, write: { 'half.txt': 'x\n' }, complete: true },
        { echoPrompt: true, write: { 'ok.txt': 'done\n' }, complete: true },
      ],
    });
    const result = await runCli(repo, ['run', '--json', '--gate', 'sh check.sh', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    expect(result.events.filter((e) => e.type === 'story:iteration')).toHaveLength(2);
    const log = result.events.find((e) => e.type === 'story:started');
    expect(log).toBeDefined();
    const logDir = join(repo.dir, '.git', 'ralph-wt', 'logs');
    const { readdir } = await import('node:fs/promises');
    const [runDir] = await readdir(logDir);
    const text = await readFile(join(logDir, runDir!, 'US-1.log'), 'utf8');
    const secondPrompt = text.slice(text.lastIndexOf('# Task: implement one user story'));
    expect(secondPrompt).toContain('failed the quality checks');
    expect(secondPrompt).toContain('ok.txt is missing (gate says so)');
  });

  it('does not accept the completion marker echoed in the middle of the output', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {
      'US-1': { echoPrompt: true, complete: false },
    });
    const result = await runCli(repo, ['run', '--json', '--max-iterations', '2', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(1);
    expect(result.events.find((e) => e.type === 'story:failed')).toMatchObject({ storyId: 'US-1', reason: expect.stringContaining('without reporting') as string });
    expect(await repo.git(['log', '--format=%s', '-1', 'ralph/test'])).toBe('initial');
  });

  it('stops at --max-iterations and exits 1 with the story left undone', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': { exitCode: 3, output: ['boom'] },
    });
    const result = await runCli(repo, ['run', '--json', '--max-iterations', '3', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(1);
    expect((await invocations(repo)).filter((c) => c.event === 'start')).toHaveLength(3);
    const summary = result.events.find((e) => e.type === 'summary');
    expect(summary?.type === 'summary' && summary.summary.stories).toMatchObject({ passed: 0, failed: 1, pending: 1 });
  });

  it('refuses a dirty working tree unless --allow-dirty', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {});
    await writeFile(join(repo.dir, 'a.txt'), 'changed\n');
    const refused = await runCli(repo, ['run', ...AGENT_ARGS]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes');
    expect(await invocations(repo)).toEqual([]);
  });

  it('exits 2 on a bad prd.json and leaves it byte-identical', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1', dependsOn: ['US-9'] }]), {});
    const before = await readFile(join(repo.dir, 'prd.json'), 'utf8');
    const result = await runCli(repo, ['run', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('US-9');
    expect(await readFile(join(repo.dir, 'prd.json'), 'utf8')).toBe(before);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });

  it('reports a missing agent clearly instead of looping', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {});
    const result = await runCli(repo, ['run', '--json', '--agent', 'claude'], { PATH: '/usr/bin:/bin' });
    // Found before the loop starts: one message, no story attempted.
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('agent "claude" (--agent claude) was not found on PATH');
    expect(result.events.filter((e) => e.type === 'story:started')).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('waits for a usage limit to reset and retries the same iteration instead of failing the story', async () => {
    const repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {
      'US-1': [{ rateLimitSeconds: 1 }, { write: { 'done.txt': 'ok\n' }, complete: true }],
    });
    repos.push(repo);
    const result = await runCli(repo, ['run', '--json', '--max-iterations', '1', ...AGENT_ARGS]);
    expect(result.exitCode).toBe(0);
    const limit = result.events.find((e) => e.type === 'rate-limit');
    expect(limit).toMatchObject({ storyId: 'US-1', message: expect.stringContaining('usage limit') as string });
    // One iteration of the budget was enough: the limited run was retried, not counted.
    expect(result.events.filter((e) => e.type === 'story:iteration')).toHaveLength(1);
    expect((await invocations(repo)).filter((c) => c.event === 'start')).toHaveLength(2);
  });
});
