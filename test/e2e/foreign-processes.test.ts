import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, runCli, waitFor, type TestRepo } from '../helpers/cli.js';
import { isAlive } from './helpers.js';

/**
 * Recovery stops orphaned processes working in ralph-wt's worktrees. In a
 * --worktree-dir the user chose (a shared directory, say), everything that is
 * not one of the run's worktrees belongs to someone else and must be left alone.
 */
describe('processes that are not ralph-wt\'s', () => {
  let repo: TestRepo;
  let shared: string;
  let daemon: number | null = null;
  afterEach(async () => {
    if (daemon !== null && (await isAlive(daemon))) process.kill(daemon, 'SIGKILL');
    await repo.cleanup();
    await rm(shared, { recursive: true, force: true });
  });

  it('an orphaned daemon elsewhere in a chosen --worktree-dir survives a run', async () => {
    repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }]), { 'US-1': { write: { 'one.txt': '1\n' }, complete: true } });
    shared = await mkdtemp(join(tmpdir(), 'ralph-shared-'));
    const elsewhere = join(shared, 'someone-elses-service');
    await mkdir(elsewhere);
    // A daemon of its own session, no terminal, parent gone: what an orphan looks like.
    const pidFile = join(shared, 'daemon.pid');
    await execa('setsid', ['-f', 'sh', '-c', `echo $$ > ${pidFile}; exec sleep 600`], { cwd: elsewhere, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' });
    await waitFor(async () => (await readFile(pidFile, 'utf8').catch(() => '')).trim() !== '', 'the daemon to start');
    daemon = Number((await readFile(pidFile, 'utf8')).trim());
    expect(await isAlive(daemon)).toBe(true);

    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY, '--worktree-dir', shared]);
    expect(result.exitCode).toBe(0);
    expect(await isAlive(daemon)).toBe(true);
  });
});
