import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

/**
 * Which git commands a run issues, in order: a `git` first on PATH that logs
 * its arguments and hands over to the real one.
 */
async function gitRecorder(): Promise<{ env: Record<string, string>; commands: () => Promise<string[]>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ralph-git-recorder-'));
  const realGit = (await execa('sh', ['-c', 'command -v git'])).stdout.trim();
  const log = join(dir, 'commands.log');
  await writeFile(join(dir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  await chmod(join(dir, 'git'), 0o755);
  return {
    env: { PATH: `${dir}:${process.env['PATH'] ?? ''}` },
    commands: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l !== ''),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

const DETACHED_ADD = /^worktree add --quiet --detach --no-checkout /;
const STORY_SWITCH = /^checkout --quiet --force --no-track -b ralph-wt\//;
const FRESH_STORY_ADD = /^worktree add --no-checkout --no-track -b /;

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function run(stories: Parameters<typeof prdFor>[0], concurrency: number): Promise<{ repo: TestRepo; commands: string[] }> {
  const repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor(stories), { '*': { write: { 'stories/{id}.txt': '{title}\n' }, complete: true } });
  const recorder = await gitRecorder();
  cleanups.push(repo.cleanup, recorder.cleanup);
  const result = await runCli(repo, ['run', '--parallel', '--max-concurrency', String(concurrency), '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY], recorder.env);
  expect(result.exitCode).toBe(0);
  expect((await repo.git(['worktree', 'list'])).split('\n')).toHaveLength(1);
  return { repo, commands: await recorder.commands() };
}

describe('first wave of a parallel run', () => {
  it('registers a worktree for every story of the first wave before any story starts, then fills them side by side', async () => {
    const { commands } = await run([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }, { id: 'US-4' }], 3);
    const adds = commands.flatMap((c, i) => (DETACHED_ADD.test(c) ? [i] : []));
    const firstSwitch = commands.findIndex((c) => STORY_SWITCH.test(c));
    // The probe and two more: as many as the limit lets start, and no story had to make its own.
    expect(adds).toHaveLength(3);
    expect(firstSwitch).toBeGreaterThan(Math.max(...adds));
    expect(commands.filter((c) => FRESH_STORY_ADD.test(c))).toEqual([]);
  });

  it('makes no more than the stories ready at the start need', async () => {
    const chain = await run([{ id: 'US-1' }, { id: 'US-2', dependsOn: ['US-1'] }, { id: 'US-3', dependsOn: ['US-2'] }], 3);
    expect(chain.commands.filter((c) => DETACHED_ADD.test(c))).toHaveLength(1);
    const limited = await run([{ id: 'US-1' }, { id: 'US-2' }, { id: 'US-3' }], 2);
    expect(limited.commands.filter((c) => DETACHED_ADD.test(c))).toHaveLength(2);
  });
});

describe('first wave of a later run', () => {
  it('is prewarmed too after a finished run (only a worktree an interrupted attempt kept stops it)', async () => {
    const { repo } = await run([{ id: 'US-1' }, { id: 'US-2' }], 3);
    const prdPath = join(repo.dir, 'prd.json');
    const prd = JSON.parse(await readFile(prdPath, 'utf8')) as { userStories: unknown[] };
    const more = prdFor([{ id: 'US-3' }, { id: 'US-4' }, { id: 'US-5' }]) as { userStories: unknown[] };
    prd.userStories.push(...more.userStories);
    await writeFile(prdPath, `${JSON.stringify(prd, null, 2)}\n`);
    await repo.git(['commit', '-qam', 'three more stories']);
    const recorder = await gitRecorder();
    cleanups.push(recorder.cleanup);
    const again = await runCli(repo, ['run', '--parallel', '--max-concurrency', '3', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY], recorder.env);
    expect(again.exitCode).toBe(0);
    const commands = await recorder.commands();
    expect(commands.filter((c) => DETACHED_ADD.test(c))).toHaveLength(3);
    expect(commands.filter((c) => FRESH_STORY_ADD.test(c))).toEqual([]);
  });
});

describe('the integration branch checked out in another worktree', () => {
  it('is kept in step with every merge, and the user’s own checkout is left where it was', async () => {
    const repo = await makeRepo({ 'a.txt': 'a\n' }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), { '*': { write: { 'stories/{id}.txt': '{title}\n' }, complete: true } });
    cleanups.push(repo.cleanup);
    const other = join(repo.dir, '..', 'other-checkout');
    cleanups.push(() => rm(other, { recursive: true, force: true }));
    await repo.git(['branch', 'ralph/test']);
    await repo.git(['worktree', 'add', '-q', other, 'ralph/test']);
    const before = await repo.git(['rev-parse', '--abbrev-ref', 'HEAD']);
    const result = await runCli(repo, ['run', '--parallel', '--max-concurrency', '2', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    const otherGit = (args: string[]): Promise<string> => repo.git(['-C', other, ...args]);
    expect(await otherGit(['rev-parse', 'HEAD'])).toBe(await repo.git(['rev-parse', 'ralph/test']));
    expect(await otherGit(['status', '--porcelain'])).toBe('');
    expect(await readFile(join(other, 'stories', 'US-2.txt'), 'utf8')).toBe('Story US-2\n');
    // The branch lives in the other checkout, so this one cannot take it: it stays on its own branch.
    expect(await repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe(before);
  });
});
