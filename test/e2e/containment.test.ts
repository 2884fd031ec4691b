import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../../src/events/types.js';
import { prdSlug, storyBranchName } from '../../src/workspace/branch-names.js';
import { EXPLICIT_ONLY, FAKE_AGENT, prdFor, runCli, startCli, type TestRepo } from '../helpers/cli.js';
import { of, repoTracker, waitFor } from './helpers.js';

/**
 * A story's commit lands only on its own story branch, the integration branch
 * moves only by the merge lane's compare-and-swap, and nothing the user had
 * (their branches, their untracked files, a checkout holding the branch)
 * is changed by what an agent does.
 */

const repos = repoTracker();
const extra: string[] = [];
afterEach(async () => {
  await repos.cleanup();
  await Promise.all(extra.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

/**
 * An agent that runs `git` commands first (per story, from `commands`), then
 * does what the fake agent's script says. Written next to the repo.
 */
async function gitAgent(repo: TestRepo, commands: Record<string, string>): Promise<string[]> {
  const path = join(repo.dir, '..', 'git-agent.sh');
  const cases = Object.entries(commands)
    .map(([id, script]) => `  ${id}) ${script} ;;`)
    .join('\n');
  await writeFile(path, `#!/bin/sh\nset -e\ncase "$RALPH_STORY_ID" in\n${cases}\nesac\nexec node '${FAKE_AGENT}'\n`);
  await chmod(path, 0o755);
  return ['--agent', 'custom', '--agent-command', path];
}

/** Shell: wait (up to 120 s) until `ralph/test` holds a merge of each story id given. */
const waitForMerges = (ids: string[]): string =>
  `for i in $(seq 1 1200); do n=0; for id in ${ids.join(' ')}; do git log --format=%s ralph/test | grep -q "^Merge $id:" && n=$((n+1)); done; [ $n -eq ${ids.length} ] && break; sleep 0.1; done`;

async function filesOn(repo: TestRepo, rev: string): Promise<string[]> {
  return (await repo.git(['ls-tree', '-r', '--name-only', rev])).split('\n').filter((p) => p !== '');
}

const PARALLEL = ['run', '--parallel', '--json', ...EXPLICIT_ONLY];

/** Exit 0, every story done, its file on the integration branch, and no story commit on its first-parent line. */
async function expectAllMergedOnce(repo: TestRepo, exitCode: number, events: RunEvent[], ids: string[]): Promise<void> {
  expect(exitCode).toBe(0);
  expect(of(events, 'story:done').map((e) => e.storyId).sort()).toEqual(ids);
  const files = await filesOn(repo, 'ralph/test');
  for (const id of ids) expect(files).toContain(`stories/${id}.txt`);
  expect(files).toContain('README.md');
  const firstParent = (await repo.git(['log', '--first-parent', '--format=%s', 'ralph/test'])).split('\n');
  expect(firstParent.filter((s) => !s.startsWith('Merge ') && s !== 'initial')).toEqual([]);
  for (const id of ids) expect(firstParent.filter((s) => s.startsWith(`Merge ${id}:`))).toHaveLength(1);
}

describe('B1: an agent that checks out the integration branch in its worktree', () => {
  it('cannot commit its snapshot onto the integration branch: every story’s work is merged, the run says so truthfully', async () => {
    const ids = ['US-001', 'US-002', 'US-003', 'US-004'];
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor(ids.map((id) => ({ id }))), {});
    const agent = await gitAgent(repo, {
      // Takes the integration branch while it is at the start, then waits until the others have merged.
      'US-002': `git switch --ignore-other-worktrees ralph/test >&2; ${waitForMerges(['US-001', 'US-003', 'US-004'])}`,
    });
    const result = await runCli(repo, [...PARALLEL, ...agent, '--max-concurrency', '4']);
    await expectAllMergedOnce(repo, result.exitCode, result.events, ids);
  });

  it('an agent that also commits there, at the end: the integration branch is put back, the commit’s work becomes the story’s', async () => {
    const ids = ['US-001', 'US-002', 'US-003', 'US-004'];
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor(ids.map((id) => ({ id }))), {
      'US-002': { write: { 'stories/US-002.txt': 'Story US-002\n' }, commit: 'agent commits on the branch it has', complete: true },
    });
    const agent = await gitAgent(repo, {
      'US-002': `git switch --ignore-other-worktrees ralph/test >&2; ${waitForMerges(['US-001', 'US-003', 'US-004'])}`,
    });
    const result = await runCli(repo, [...PARALLEL, ...agent, '--max-concurrency', '4']);
    await expectAllMergedOnce(repo, result.exitCode, result.events, ids);
    expect(of(result.events, 'warning').some((e) => /ralph\/test/.test(e.message))).toBe(true);
  });

  it('an agent that commits there first and works on while the others merge: the lane never builds on its commit', async () => {
    const ids = ['US-001', 'US-002', 'US-003', 'US-004'];
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor(ids.map((id) => ({ id }))), {});
    const agent = await gitAgent(repo, {
      'US-002':
        `git switch --ignore-other-worktrees ralph/test >&2; mkdir -p stories; echo 'Story US-002' > stories/US-002.txt; ` +
        `git add -A; git commit -qm 'agent commit on the integration branch'; ${waitForMerges(['US-001', 'US-003', 'US-004'])}`,
    });
    const result = await runCli(repo, [...PARALLEL, ...agent, '--max-concurrency', '4']);
    await expectAllMergedOnce(repo, result.exitCode, result.events, ids);
    const subjects = (await repo.git(['log', '--format=%s', 'ralph/test'])).split('\n');
    expect(subjects).not.toContain('agent commit on the integration branch');
  });
});

describe('B3: an agent that checks out the user’s main in its worktree', () => {
  it('never commits onto main; the story’s work lands on the integration branch built from where the run started', async () => {
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor([{ id: 'US-001' }, { id: 'US-002' }]), {
      'US-002': { write: { 'stories/US-002.txt': 'two\n' }, commit: 'agent commits on whatever it has checked out', complete: true },
    });
    await repo.git(['checkout', '-q', '-b', 'feature']);
    await writeFile(join(repo.dir, 'feature.txt'), 'feature work\n');
    await repo.git(['add', 'feature.txt']);
    await repo.git(['commit', '-qm', 'feature work']);
    const mainBefore = await repo.git(['rev-parse', 'main']);
    const agent = await gitAgent(repo, { 'US-002': 'git checkout -q main' });
    const result = await runCli(repo, [...PARALLEL, ...agent, '--max-concurrency', '2']);
    expect(result.exitCode).toBe(0);
    expect(await repo.git(['rev-parse', 'main'])).toBe(mainBefore);
    const files = await filesOn(repo, 'ralph/test');
    expect(files).toEqual(expect.arrayContaining(['feature.txt', 'README.md', 'stories/US-001.txt', 'stories/US-002.txt']));
    expect(of(result.events, 'warning').some((e) => /main/.test(e.message))).toBe(true);
  });

  it('in the sequential loop too: main is put back and the work is committed on the integration branch', async () => {
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor([{ id: 'US-001' }]), {
      'US-001': { write: { 'stories/US-001.txt': 'one\n' }, commit: 'agent commits on main', complete: true },
    });
    await repo.git(['checkout', '-q', '-b', 'feature']);
    await writeFile(join(repo.dir, 'feature.txt'), 'feature work\n');
    await repo.git(['add', 'feature.txt']);
    await repo.git(['commit', '-qm', 'feature work']);
    const mainBefore = await repo.git(['rev-parse', 'main']);
    const agent = await gitAgent(repo, { 'US-001': 'git checkout -q main' });
    const result = await runCli(repo, ['run', '--json', ...agent]);
    expect(result.exitCode).toBe(0);
    expect(await repo.git(['rev-parse', 'main'])).toBe(mainBefore);
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('ralph/test');
    expect(await filesOn(repo, 'ralph/test')).toEqual(expect.arrayContaining(['feature.txt', 'stories/US-001.txt']));
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });
});

describe('B6: the sequential loop and the user’s untracked files', () => {
  it('never commits a file that was untracked before the agent ran (a .env with a secret)', async () => {
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor([{ id: 'US-001' }]), {});
    await writeFile(join(repo.dir, '.env'), 'AWS_SECRET=abc\n');
    const result = await runCli(repo, ['run', '--json', '--agent', 'custom', '--agent-command', FAKE_AGENT]);
    expect(result.exitCode).toBe(0);
    const files = await filesOn(repo, 'ralph/test');
    expect(files).toContain('stories/US-001.txt');
    expect(files).not.toContain('.env');
    expect(await readFile(join(repo.dir, '.env'), 'utf8')).toBe('AWS_SECRET=abc\n');
    expect(await repo.git(['status', '--porcelain'])).toBe('?? .env');
  });
});

describe('B5: the integration branch checked out elsewhere', () => {
  it('a checkout with local changes is never moved under: the lane waits, and goes on once the checkout lets go', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), {});
    const other = join(repo.dir, '..', 'other-checkout');
    extra.push(other);
    await repo.git(['branch', 'ralph/test']);
    await repo.git(['worktree', 'add', '-q', other, 'ralph/test']);
    await writeFile(join(other, 'a.txt'), 'a local edit\n');
    const start = await repo.git(['rev-parse', 'ralph/test']);
    const child = startCli(repo, [...PARALLEL, '--agent', 'custom', '--agent-command', FAKE_AGENT]);
    let stdout = '';
    let exited = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    void child.finally(() => {
      exited = true;
    });
    await waitFor(() => exited || /waiting for .*other-checkout/.test(stdout), 'the merge lane to wait for the checkout', 120_000);
    expect(exited).toBe(false);
    // Nothing moved yet: the checkout's branch, index and edit are as the user left them.
    expect(await repo.git(['rev-parse', 'ralph/test'])).toBe(start);
    await repo.git(['-C', other, 'switch', '-q', '--detach']);
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(await repo.git(['-C', other, 'rev-parse', 'HEAD'])).toBe(start);
    expect(await repo.git(['-C', other, 'diff', '--cached', '--name-only'])).toBe('');
    expect(await readFile(join(other, 'a.txt'), 'utf8')).toBe('a local edit\n');
    expect(await filesOn(repo, 'ralph/test')).toContain('stories/US-1.txt');
  });

  it('the user checks the branch out mid-run in a clean checkout: it is carried along with every merge, never left showing them reversed', async () => {
    const repo = await repos.make({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2', dependsOn: ['US-1'] }]), {});
    // The user's checkout (detached by the run) takes the branch back while US-2's agent works.
    const agent = await gitAgent(repo, { 'US-2': `git -C '${repo.dir}' checkout -q ralph/test` });
    const result = await runCli(repo, [...PARALLEL, ...agent]);
    expect(result.exitCode).toBe(0);
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('ralph/test');
    expect(await repo.git(['status', '--porcelain'])).toBe('');
    expect(await readFile(join(repo.dir, 'stories', 'US-2.txt'), 'utf8')).toBe('Story US-2\n');
  });
});

describe('B13: a branch with a story branch’s name that the journal does not know', () => {
  it('is refused before anything is created (exit 2, naming the branch); nothing of it is merged or deleted', async () => {
    const repo = await repos.make({ 'README.md': 'hello\n' }, prdFor([{ id: 'US-001' }]), {});
    const branch = storyBranchName(prdSlug('test-project', 'ralph/test'), 'US-001');
    await repo.git(['checkout', '-q', '-b', branch]);
    await repo.git(['rm', '-q', 'README.md']);
    await repo.git(['commit', '-qm', 'unrelated work']);
    await repo.git(['checkout', '-q', 'main']);
    const tip = await repo.git(['rev-parse', branch]);
    const result = await runCli(repo, [...PARALLEL, '--agent', 'custom', '--agent-command', FAKE_AGENT]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(branch);
    expect(result.stderr).toMatch(/rename|delete/);
    expect(await repo.git(['rev-parse', branch])).toBe(tip);
    expect(await repo.git(['branch', '--list', 'ralph/test'])).toBe('');
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('main');
  });
});
