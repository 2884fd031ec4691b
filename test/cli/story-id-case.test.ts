import { makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

describe('story ids that differ only in letter case', () => {
  let repo: TestRepo;
  afterEach(async () => {
    await repo.cleanup();
  });

  it.each([['validate'], ['run']])('%s refuses them with exit 2 (they would share a branch and a worktree on macOS and Windows)', async (command) => {
    repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'us-1' }]));
    const result = await runCli(repo, [command]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('story ids "US-1" and "us-1" differ only in letter case');
    expect(await repo.git(['branch', '--format=%(refname:short)'])).toBe('main');
  });
});
