import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { isProcessAlive, LockHeldError, readLock, RunLock } from '../../src/journal/lock.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir } from '../workspace/helpers.js';

/** A pid that surely existed and has exited. */
async function deadPid(): Promise<number> {
  const child = execa('node', ['-e', '']);
  await child;
  if (child.pid === undefined) throw new Error('child did not start');
  return child.pid;
}

describe('RunLock', () => {
  let dir: string;
  let ralph: string;
  beforeEach(async () => {
    dir = await tempDir('ralph-wt-lock-');
    ralph = join(dir, 'ralph-wt');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates run.lock naming this process, and release deletes it', async () => {
    const lock = await RunLock.acquire(ralph);
    expect(lock.replacedStale).toBeNull();
    const content = JSON.parse(await readFile(RunLock.fileIn(ralph), 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(typeof content.startedAt).toBe('number');
    expect(await readLock(ralph)).toMatchObject({ alive: true, holder: { pid: process.pid } });
    await lock.release();
    await lock.release();
    expect(lock.released).toBe(true);
    expect(await readLock(ralph)).toBeNull();
  });

  it('refuses a second run while the holder is alive, naming its pid', async () => {
    const lock = await RunLock.acquire(ralph);
    const error = await RunLock.acquire(ralph).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`another ralph-wt run (pid ${process.pid}`);
    await lock.release();
    const again = await RunLock.acquire(ralph);
    await again.release();
  });

  it('only one of many simultaneous acquirers wins', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => RunLock.acquire(ralph)));
    const winners = results.filter((r): r is PromiseFulfilledResult<RunLock> => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockHeldError);
    await winners[0]?.value.release();
  });

  it('replaces a stale lock left by a dead process and says so', async () => {
    const pid = await deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    const stale = { pid, hostname: hostname(), startedAt: 1, token: 'old' };
    await RunLock.acquire(ralph).then((l) => l.release());
    await writeFile(RunLock.fileIn(ralph), JSON.stringify(stale));
    expect(await readLock(ralph)).toMatchObject({ alive: false });
    const lock = await RunLock.acquire(ralph);
    expect(lock.replacedStale).toEqual({ holder: stale });
    expect(JSON.parse(await readFile(RunLock.fileIn(ralph), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('treats an unreadable lock file as stale', async () => {
    await RunLock.acquire(ralph).then((l) => l.release());
    await writeFile(RunLock.fileIn(ralph), 'not json');
    expect(await readLock(ralph)).toEqual({ holder: null, alive: null });
    const lock = await RunLock.acquire(ralph);
    expect(lock.replacedStale).toEqual({ holder: null });
    await lock.release();
  });

  it('does not steal a lock held on another host', async () => {
    await RunLock.acquire(ralph).then((l) => l.release());
    await writeFile(RunLock.fileIn(ralph), JSON.stringify({ pid: await deadPid(), hostname: 'elsewhere.example', startedAt: 1, token: 't' }));
    await expect(RunLock.acquire(ralph)).rejects.toThrow(/on host elsewhere\.example/);
  });

  it('release leaves a lock that is no longer ours', async () => {
    const lock = await RunLock.acquire(ralph);
    const other = JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: 2, token: 'someone-else' });
    await writeFile(RunLock.fileIn(ralph), other);
    await lock.release();
    expect(await readFile(RunLock.fileIn(ralph), 'utf8')).toBe(other);
  });
});
