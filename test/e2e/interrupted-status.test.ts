import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, makeRepo, prdFor, runCli, startCli, type TestRepo } from '../helpers/cli.js';

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((r) => r.cleanup()));
  repos = [];
});

/** Polls (bounded, generous) until `ok` holds; asserts nothing about how long it took. */
async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Journal = { stories: Record<string, { state: string }> };
const readJournal = (repo: TestRepo): Promise<Journal | null> =>
  readFile(join(repo.dir, '.git', 'ralph-wt', 'state.json'), 'utf8').then((t) => JSON.parse(t) as Journal, () => null);

/** Both agents are at work (their start is logged) and the journal says running. */
async function bothRunning(repo: TestRepo): Promise<void> {
  await until(() => invocations(repo), (calls) => calls.filter((c) => c.event === 'start').length === 2, 'both agents to start');
  await until(() => readJournal(repo), (j) => j !== null && Object.values(j.stories).every((s) => s.state === 'running'), 'the journal to say running');
}

function statusRows(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('US-'));
}

describe('ralph-wt status after a run stopped', () => {
  it('shows stories that were running at Ctrl-C as interrupted (recorded so in the journal)', async () => {
    const repo = await makeRepo({}, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), { '*': { delayMs: 120_000, complete: true } });
    repos.push(repo);
    const run = startCli(repo, ['run', '--parallel', '--max-concurrency', '2', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    await bothRunning(repo);
    run.kill('SIGINT');
    const ended = await run;
    expect(ended.exitCode).toBe(130);

    const journal = await readJournal(repo);
    expect(Object.values(journal?.stories ?? {}).map((s) => s.state)).toEqual(['interrupted', 'interrupted']);
    const status = await runCli(repo, ['status']);
    expect(status.exitCode).toBe(0);
    const rows = statusRows(status.stdout);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^US-\d\s+interrupted\s/);
  }, 120_000);

  it('shows `running` records of a run that died (kill -9) as interrupted (run died)', async () => {
    const repo = await makeRepo({}, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), { '*': { delayMs: 120_000, complete: true } });
    repos.push(repo);
    const run = startCli(repo, ['run', '--parallel', '--max-concurrency', '2', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    await bothRunning(repo);
    run.kill('SIGKILL');
    await run;
    // The orphaned agents: ended here, as the dead run cannot.
    for (const call of await invocations(repo)) {
      if (call.event !== 'start') continue;
      try {
        process.kill(call.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }

    const status = await runCli(repo, ['status']);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/Run lock: pid \d+ .*not running/);
    const rows = statusRows(status.stdout);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^US-\d\s+interrupted \(run died\)\s/);
  }, 120_000);
});
