import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, makeRepo, prdFor, runCli, startCli, waitFor, type TestRepo } from '../helpers/cli.js';

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((r) => r.cleanup()));
  repos = [];
});


const PARALLEL = ['run', '--parallel', '--max-concurrency', '3', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY];

describe('interrupts and crashes', () => {
  it('Ctrl-C stops the agents, keeps worktrees and branches, exits 130; the next run finishes the work', async () => {
    const repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }]), {
      '*': [
        { delayMs: 30_000, write: { 'partial/{id}.txt': 'started\n' } },
        { write: { 'done/{id}.txt': '{title}\n' }, complete: true },
      ],
    });
    repos.push(repo);
    const child = startCli(repo, PARALLEL);
    await waitFor(async () => (await invocations(repo)).filter((c) => c.event === 'start').length === 3, 'three agents');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const worktrees = await readdir(join(repo.dir, '.git', 'ralph-wt', 'worktrees'));
    expect(worktrees.sort()).toEqual(['US-1', 'US-2', 'US-3']);
    expect(await repo.git(['branch', '--list', 'ralph-wt/*', '--format=%(refname:short)'])).toMatch(/US-1[\s\S]*US-2[\s\S]*US-3/);
    const state = JSON.parse(await readFile(join(repo.dir, '.git', 'ralph-wt', 'state.json'), 'utf8')) as { stories: Record<string, { state: string }> };
    expect(Object.values(state.stories).map((s) => s.state)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    // The agents' process groups are gone: nothing still writes in the worktrees.
    expect((await invocations(repo)).filter((c) => c.event === 'end')).toHaveLength(0);

    const resumed = await runCli(repo, PARALLEL);
    expect(resumed.exitCode).toBe(0);
    for (const id of ['US-1', 'US-2', 'US-3']) await access(join(repo.dir, 'done', `${id}.txt`));
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  });

  it('kill -9 mid-run, then `run` resumes: every story’s commits end up on the integration branch', async () => {
    const repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }]), {
      'US-1': { write: { 'one.txt': '1\n' }, complete: true },
      '*': { delayMs: 2_500, write: { '{id}.txt': '{title}\n' }, complete: true },
    });
    repos.push(repo);
    const child = startCli(repo, PARALLEL);
    await waitFor(async () => (await repo.git(['log', '--format=%s', 'ralph/test']).catch(() => '')).includes('Merge US-1'), 'US-1 merged');
    child.kill('SIGKILL');
    await child;
    // Orphaned agents finish on their own; wait for them so the next run starts from a settled tree.
    await waitFor(async () => (await invocations(repo)).filter((c) => c.event === 'end').length >= 3, 'orphaned agents to finish');

    const resumed = await runCli(repo, PARALLEL);
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(resumed.events.some((e) => e.type === 'warning' && e.message.includes('removed a stale lock'))).toBe(true);
    const merges = (await repo.git(['log', '--merges', '--format=%s', 'ralph/test'])).split('\n').sort();
    expect(merges).toEqual(['Merge US-1: Story US-1', 'Merge US-2: Story US-2', 'Merge US-3: Story US-3']);
    for (const file of ['one.txt', 'US-2.txt', 'US-3.txt']) await access(join(repo.dir, file));
    await execa('git', ['fsck', '--no-progress'], { cwd: repo.dir });
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });

  it('a second run on the same repo is refused while the first holds the lock', async () => {
    // The first run's agent holds its story open until the second run has been turned away.
    const repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), { '*': { waitFor: 'release', complete: true } });
    repos.push(repo);
    const first = startCli(repo, PARALLEL);
    await waitFor(async () => (await invocations(repo)).length > 0, 'first run to start its agent');
    const second = await runCli(repo, ['run', '--parallel', '--allow-dirty', ...AGENT_ARGS]);
    await writeFile(join(repo.state, 'release'), '');
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(/another ralph-wt run \(pid \d+/);
    expect((await first).exitCode).toBe(0);
  });
});
