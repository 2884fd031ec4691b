import { rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { readLock, RunLock } from '../../src/journal/lock.js';
import { tempDir } from '../workspace/helpers.js';

/** A stale lock whose pid the system has since given to another process (B16). */
describe('RunLock with a reused pid', () => {
  let dir: string;
  let ralph: string;
  beforeEach(async () => {
    dir = await tempDir('ralph-wt-lock-reuse-');
    ralph = join(dir, 'ralph-wt');
    await RunLock.acquire(ralph).then((l) => l.release());
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a lock naming our own pid that this process never took is stale (the new run is not its own holder)', async () => {
    const stale = { pid: process.pid, hostname: hostname(), startedAt: Date.now() - 3_600_000, token: 'a-run-long-gone' };
    await writeFile(RunLock.fileIn(ralph), JSON.stringify(stale));
    expect(await readLock(ralph)).toMatchObject({ alive: false });
    const lock = await RunLock.acquire(ralph);
    expect(lock.replacedStale).toEqual({ holder: stale });
    await lock.release();
  });

  it('a lock whose pid now belongs to a process started after the lock was written is stale', async () => {
    const stranger = execa('sleep', ['60']);
    try {
      if (stranger.pid === undefined) throw new Error('sleep did not start');
      const stale = { pid: stranger.pid, hostname: hostname(), startedAt: Date.now() - 3_600_000, token: 'old' };
      await writeFile(RunLock.fileIn(ralph), JSON.stringify(stale));
      const lock = await RunLock.acquire(ralph);
      expect(lock.replacedStale).toEqual({ holder: stale });
      await lock.release();
    } finally {
      stranger.kill('SIGKILL');
      await stranger.catch(() => undefined);
    }
  });

  it('a live holder that started before its lock still holds it', async () => {
    const holder = execa('sleep', ['60']);
    try {
      if (holder.pid === undefined) throw new Error('sleep did not start');
      await writeFile(RunLock.fileIn(ralph), JSON.stringify({ pid: holder.pid, hostname: hostname(), startedAt: Date.now() + 1000, token: 'live' }));
      await expect(RunLock.acquire(ralph)).rejects.toThrow(`pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await holder.catch(() => undefined);
    }
  });
});
