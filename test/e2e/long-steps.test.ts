import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BIN, GIT_ENV, parseEvents, prdFor, type TestRepo } from '../helpers/cli.js';
import type { RunEvent } from '../../src/events/types.js';
import { listTree, repoTracker, runIn, waitFor } from './helpers.js';

/**
 * B7 (issue 17): a story that adds a large binary and a file of one very long
 * line makes the commit, the merge and reconciliation take seconds each. Ctrl-C
 * sent to ralph-wt alone (as `kill -INT <pid>` or a process manager does, so
 * git children do not get it from the terminal) must end the run promptly at
 * every one of those steps, and the next run must finish the work.
 */

const BIG_MB = 300;
const LONG_MB = 40;
/** Far below what each step takes uninterrupted (several seconds here), generous for a loaded machine. */
const PROMPT_EXIT_MS = 3000;
const ARGS = ['run', '--parallel', '--json', '--inference-mode', 'explicit'];

const repos = repoTracker();
afterEach(() => repos.cleanup());

/** An agent (plain node, agent contract: prompt on stdin, marker last) writing the large files for US-001. */
const AGENT = `#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const id = process.env.RALPH_STORY_ID;
if (id === 'US-001') {
  const big = Buffer.alloc(${BIG_MB} * 1024 * 1024);
  for (let at = 0; at < big.length; at += 1 << 20) randomBytes(1 << 20).copy(big, at);
  writeFileSync('big.bin', big);
  writeFileSync('long.txt', 'x'.repeat(${LONG_MB} * 1024 * 1024) + '\\n');
} else {
  writeFileSync('small.txt', 'small\\n');
}
console.log('<promise>COMPLETE</promise>');
`;

async function largeRepo(): Promise<{ repo: TestRepo; agent: string }> {
  const repo = await repos.make(
    { 'README.md': '# large files\n' },
    prdFor([
      { id: 'US-001', title: 'Add the large assets', targetFiles: ['big.bin', 'long.txt'] },
      { id: 'US-002', title: 'Add a small file', targetFiles: ['small.txt'] },
    ]),
  );
  const agent = join(dirname(repo.dir), 'large-agent.mjs');
  await writeFile(agent, AGENT);
  await chmod(agent, 0o755);
  return { repo, agent };
}

interface Interrupted {
  exitCode: number;
  /** From the signal to the process's exit. */
  exitMs: number;
  events: RunEvent[];
}

/** Runs, sends SIGINT to ralph-wt's own pid when `at` first holds for an event, and times the exit. */
async function interruptAt(repo: TestRepo, agent: string, at: (event: RunEvent) => boolean, args: readonly string[] = ARGS): Promise<Interrupted> {
  const child = execa('node', [BIN, ...args, '--agent', 'custom', '--agent-command', agent], {
    cwd: repo.dir,
    env: { ...GIT_ENV, CI: 'true' },
    reject: false,
    stdin: 'ignore',
    buffer: false,
  });
  let out = '';
  let signalledAt: number | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (signalledAt !== null) return;
    if (parseEvents(out).some(at)) {
      signalledAt = Date.now();
      child.kill('SIGINT');
    }
  });
  const result = await child;
  const exitedAt = Date.now();
  if (signalledAt === null) throw new Error(`the run ended before the moment to interrupt it (exit ${String(result.exitCode)})`);
  return { exitCode: result.exitCode ?? -1, exitMs: exitedAt - signalledAt, events: parseEvents(out) };
}

async function finishesAfterwards(repo: TestRepo, agent: string): Promise<void> {
  const rerun = await runIn(repo.dir, [...ARGS, '--agent', 'custom', '--agent-command', agent]);
  expect(rerun.exitCode).toBe(0);
  const files = (await repo.git(['ls-tree', '--name-only', 'ralph/test'])).split('\n');
  expect(files).toEqual(expect.arrayContaining(['big.bin', 'long.txt', 'small.txt']));
  const feats = (await repo.git(['log', '--format=%s', 'ralph/test'])).split('\n').filter((s) => s.startsWith('feat('));
  expect(feats.filter((s) => s.startsWith('feat(US-001)'))).toHaveLength(1);
  await execa('git', ['fsck', '--full', '--no-progress'], { cwd: repo.dir });
}

const phase = (id: string, name: string) => (event: RunEvent) => event.type === 'story:phase' && event.storyId === id && event.phase === name;

describe('Ctrl-C during long steps (large files)', () => {
  test('while the story with a 300 MB binary is being committed', async () => {
    const { repo, agent } = await largeRepo();
    const run = await interruptAt(repo, agent, phase('US-001', 'commit'));
    expect(run.exitCode).toBe(130);
    expect(run.exitMs).toBeLessThan(PROMPT_EXIT_MS);
    await finishesAfterwards(repo, agent);
  });

  test('while that story is being merged', async () => {
    const { repo, agent } = await largeRepo();
    const run = await interruptAt(repo, agent, (event) => event.type === 'merge:start' && event.storyId === 'US-001');
    expect(run.exitCode).toBe(130);
    expect(run.exitMs).toBeLessThan(PROMPT_EXIT_MS);
    await finishesAfterwards(repo, agent);
  });

  test('sequential mode: while the story is being committed in the user\'s checkout', async () => {
    const { repo, agent } = await largeRepo();
    const run = await interruptAt(repo, agent, phase('US-001', 'commit'), ARGS.filter((arg) => arg !== '--parallel'));
    expect(run.exitCode).toBe(130);
    expect(run.exitMs).toBeLessThan(PROMPT_EXIT_MS);
    // git stopped cleanly: no lock left, nothing half-staged; the agent's files wait in the checkout.
    expect(existsSync(join(repo.dir, '.git', 'index.lock'))).toBe(false);
    expect(await repo.git(['diff', '--cached', '--name-only'])).toBe('');
    expect(existsSync(join(repo.dir, 'big.bin'))).toBe(true);
  });

  test('while reconciliation reads the merged result', async () => {
    const { repo, agent } = await largeRepo();
    const run = await interruptAt(repo, agent, (event) => event.type === 'reconcile:start');
    expect(run.exitCode).toBe(130);
    expect(run.exitMs).toBeLessThan(PROMPT_EXIT_MS);
    await finishesAfterwards(repo, agent);
  });
});

/** B14: an agent printing one enormous line (no newline) is read in bounded pieces; the run stays responsive. */
const FLOOD_AGENT = `#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const piece = 'y'.repeat(1 << 20);
const total = Number(process.env.FLOOD_MB);
let sent = 0;
const more = () => {
  while (sent < total) {
    sent += 1;
    if (sent === 8) writeFileSync(process.env.FLOOD_STARTED, 'flooding');
    if (!process.stdout.write(piece)) return void process.stdout.once('drain', more);
  }
  writeFileSync('flood.txt', 'done\\n');
  process.stdout.write('\\n<promise>COMPLETE</promise>\\n');
};
more();
`;

describe('one enormous output line (B14)', () => {
  async function floodRepo(): Promise<{ repo: TestRepo; agent: string; started: string }> {
    const repo = await repos.make({ 'README.md': '# flood\n' }, prdFor([{ id: 'US-001', title: 'Print a lot', targetFiles: ['flood.txt'] }]));
    const agent = join(dirname(repo.dir), 'flood-agent.mjs');
    await writeFile(agent, FLOOD_AGENT);
    await chmod(agent, 0o755);
    return { repo, agent, started: join(dirname(repo.dir), 'flood-started') };
  }

  test('a 100 MB line: the story completes, its log holds every byte, memory stays bounded', async () => {
    const { repo, agent, started } = await floodRepo();
    const result = await execa('/usr/bin/time', ['-f', '%M', 'node', BIN, ...ARGS, '--agent', 'custom', '--agent-command', agent], {
      cwd: repo.dir,
      env: { ...GIT_ENV, CI: 'true', FLOOD_MB: '100', FLOOD_STARTED: started },
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode).toBe(0);
    expect(await repo.git(['show', 'ralph/test:flood.txt'])).toBe('done');
    const logs = join(repo.dir, '.git', 'ralph-wt', 'logs');
    const logFiles = (await listTree(logs)).filter((path) => path.endsWith('.log'));
    const sizes = await Promise.all(logFiles.map(async (path) => (await stat(join(logs, path))).size));
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(100 * 1024 * 1024);
    // Max RSS in KiB, last line of stderr: the line is never held whole (100 MB of text would be 200 MB as a JS string).
    const rssKiB = Number(String(result.stderr).trim().split('\n').at(-1));
    expect(rssKiB).toBeLessThan(400 * 1024);
  });

  test('Ctrl-C during a 2 GB line ends the run promptly', async () => {
    const { repo, agent, started } = await floodRepo();
    const child = execa('node', [BIN, ...ARGS, '--agent', 'custom', '--agent-command', agent], {
      cwd: repo.dir,
      env: { ...GIT_ENV, CI: 'true', FLOOD_MB: '2048', FLOOD_STARTED: started },
      reject: false,
      stdin: 'ignore',
    });
    await waitFor(() => existsSync(started), 'the agent to be flooding its output');
    const signalledAt = Date.now();
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(Date.now() - signalledAt).toBeLessThan(PROMPT_EXIT_MS + 3000);
  });
});
