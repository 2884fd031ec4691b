import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureHistory, REPLAY_AGENT } from '../../bench/replay-history.js';

const MARKER = '<promise>COMPLETE</promise>';
const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

async function git(cwd: string, args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env: GIT_ENV })).stdout;
}

/** Runs the replay agent in `cwd` for one commit of `repo`. */
async function replayAgent(cwd: string, repo: string, sha: string, root: string): Promise<{ exitCode: number; stdout: string }> {
  const map = join(root, 'map.json');
  await writeFile(map, JSON.stringify({ 'S-1': sha }));
  const result = await execa('node', [REPLAY_AGENT], {
    cwd,
    env: { ...GIT_ENV, RALPH_STORY_ID: 'S-1', RALPH_REPLAY_MAP: map, RALPH_REPLAY_REPO: join(repo, '.git') },
    input: 'prompt',
    reject: false,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout) };
}

describe('replay agent', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ralph-replay-agent-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('applies a commit (three-way when the context moved) and prints the marker last', async () => {
    const history = await fixtureHistory(join(root, 'history'), 8);
    const work = join(root, 'work');
    await execa('git', ['clone', '--quiet', '--no-local', history.dir, work]);
    await git(work, ['checkout', '--quiet', '-B', 'main', history.base]);
    // R-08 (count ignores negatives) has R-02's restock method in its context: only --3way takes it on the base.
    const sha = history.commits[7]?.sha ?? '';
    const run = await replayAgent(work, history.dir, sha, root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(MARKER);
    expect(run.stdout).toContain('3way');
    expect(await git(work, ['diff', 'HEAD', '--', 'app/inventory.py'])).toContain('+        return sum(q for q in self.items.values() if q > 0)');
  });

  it('exits 1 without the marker and leaves the worktree clean when the commit needs an earlier one', async () => {
    const history = await fixtureHistory(join(root, 'history'), 7);
    const work = join(root, 'work');
    await execa('git', ['clone', '--quiet', '--no-local', history.dir, work]);
    await git(work, ['checkout', '--quiet', '-B', 'main', history.base]);
    // R-07 appends formatRatio after formatPercent, which R-04 added.
    const run = await replayAgent(work, history.dir, history.commits[6]?.sha ?? '', root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain(MARKER);
    expect(await git(work, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('does not call a deletion "already applied" on a base where the file never existed', async () => {
    const repo = join(root, 'repo');
    await execa('git', ['init', '--quiet', '--initial-branch=main', repo]);
    await writeFile(join(repo, 'a.txt'), 'a\n');
    await git(repo, ['add', '-A']);
    await git(repo, ['commit', '--quiet', '-m', 'base']);
    const base = await git(repo, ['rev-parse', 'HEAD']);
    await writeFile(join(repo, 'gone.txt'), 'temporary\n');
    await git(repo, ['add', '-A']);
    await git(repo, ['commit', '--quiet', '-m', 'add gone.txt']);
    await git(repo, ['rm', '--quiet', 'gone.txt']);
    await git(repo, ['commit', '--quiet', '-m', 'delete gone.txt']);
    const deletion = await git(repo, ['rev-parse', 'HEAD']);
    const work = join(root, 'work');
    await execa('git', ['clone', '--quiet', '--no-local', repo, work]);
    await git(work, ['checkout', '--quiet', '-B', 'main', base]);
    const run = await replayAgent(work, repo, deletion, root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain(MARKER);
  });
});
