import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

const PATH_WITHOUT_AGENTS = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('the agent is checked before anything is created', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]));
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  async function expectNothingCreated(): Promise<void> {
    expect(await repo.git(['branch', '--format=%(refname:short)'])).toBe('main');
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('main');
    expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
    await expect(access(join(repo.dir, '.git', 'ralph-wt'))).rejects.toThrow();
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  }

  it.each([['parallel', ['--parallel']], ['sequential', []]])('a built-in agent missing from PATH (%s): exit 2, one message naming the npm package', async (_mode, flags) => {
    const result = await runCli(repo, ['run', ...flags, '--agent', 'codex'], { PATH: `${PATH_WITHOUT_AGENTS}:${join(process.execPath, '..')}` });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('agent "codex" (--agent codex) was not found on PATH: install it with `npm install -g @openai/codex`');
    await expectNothingCreated();
  });

  it('a custom agent command that does not exist: exit 2 before the run starts', async () => {
    const result = await runCli(repo, ['run', '--parallel', '--agent', 'custom', '--agent-command', './no-such-agent.sh']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('agent command "./no-such-agent.sh" is not an executable file');
    await expectNothingCreated();
  });
});
