import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

describe('--worktree-dir', () => {
  let repo: TestRepo;
  let outside: string;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
      'US-1': [{ write: { 'one.txt': '1\n' }, complete: true }],
      'US-2': [{ write: { 'two.txt': '2\n' }, complete: true }],
    });
    outside = await mkdtemp(join(tmpdir(), 'ralph-wtdir-'));
  });
  afterEach(async () => {
    await repo.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('an absolute path is used as it is, not joined onto the repository', async () => {
    const dir = join(outside, 'trees');
    const result = await runCli(repo, ['run', '--parallel', '--json', ...EXPLICIT_ONLY, ...AGENT_ARGS, '--worktree-dir', dir]);
    expect(result.exitCode).toBe(0);
    const started = result.events.filter((e) => e.type === 'story:started');
    expect(started).toHaveLength(2);
    for (const event of started) expect(event.type === 'story:started' && event.worktree?.startsWith(`${dir}/`)).toBe(true);
    // Nothing was made inside the user's checkout (it ends on the integration branch, with the stories' files).
    const dirs = (await readdir(repo.dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(dirs).toEqual(['.git']);
    expect(await repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });
});
