import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError, errorMessage } from '../util/errors.js';
import { processStartedAtMs } from './proc-table.js';

/**
 * One ralph-wt run per repository: `<ralphDir>/run.lock` names the holder.
 * A lock whose process is gone (crash, kill -9) is stale and is replaced.
 */

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: number;
  /** Random per acquisition, so release never deletes somebody else's lock. */
  token: string;
}

/** Another live run holds the lock. */
export class LockHeldError extends InputError {
  constructor(
    readonly lockPath: string,
    readonly holder: LockInfo,
  ) {
    const where = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
    const started = new Date(holder.startedAt).toISOString();
    super(
      `another ralph-wt run (pid ${holder.pid}${where}, started ${started}) holds ${lockPath}; ` +
        'wait for it to finish, or delete the file if you are sure it is not running',
    );
    this.name = 'LockHeldError';
  }
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function parseLock(text: string): LockInfo | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    const { pid, hostname: host, startedAt, token } = record;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
    if (typeof host !== 'string' || typeof startedAt !== 'number' || typeof token !== 'string') return null;
    return { pid, hostname: host, startedAt, token };
  } catch {
    return null;
  }
}

/** Signal 0 probes a pid without touching it: EPERM still means it exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/** Tokens of the locks this process holds: the only way our own pid can be a live holder. */
const heldHere = new Set<string>();

/** Slack for the start time /proc reports (whole clock ticks, boot time in seconds). */
const START_TIME_SLACK_MS = 2000;

/**
 * Alive as far as we can tell; a lock from another host cannot be probed, so
 * it counts as alive. A pid is reused once its process is gone: our own pid
 * holds the lock only if this process took it, and a process that started
 * after the lock was written cannot be the one that wrote it.
 */
function holderAlive(info: LockInfo): boolean {
  if (info.hostname !== hostname()) return true;
  if (info.pid === process.pid) return heldHere.has(info.token);
  if (!isProcessAlive(info.pid)) return false;
  const started = processStartedAtMs(info.pid);
  return started === null || started <= info.startedAt + START_TIME_SLACK_MS;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Create path with content, failing with EEXIST if it exists. The content is
 * written to a temp file first and hard-linked into place, so nobody ever
 * reads a half-written lock (and mistakes it for stale). Filesystems without
 * hard links fall back to O_EXCL create + write.
 */
async function createExclusive(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, path);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
    } finally {
      await handle.close();
    }
  } finally {
    await rm(temp, { force: true });
  }
}

export interface StaleLock {
  /** The dead holder, or null when the file was unreadable garbage. */
  holder: LockInfo | null;
}

const MAX_ATTEMPTS = 5;

export class RunLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Set when a stale lock (dead pid) was replaced, so the caller can say so. */
  readonly replacedStale: StaleLock | null;
  #released = false;

  private constructor(path: string, info: LockInfo, replacedStale: StaleLock | null) {
    this.path = path;
    this.info = info;
    this.replacedStale = replacedStale;
  }

  static fileIn(ralphDirPath: string): string {
    return join(ralphDirPath, 'run.lock');
  }

  /** Take the lock or throw LockHeldError naming the live holder. */
  static async acquire(ralphDirPath: string): Promise<RunLock> {
    await mkdir(ralphDirPath, { recursive: true });
    const path = RunLock.fileIn(ralphDirPath);
    const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: Date.now(), token: randomBytes(8).toString('hex') };
    const content = `${JSON.stringify(info)}\n`;
    let replacedStale: StaleLock | null = null;

    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      try {
        await createExclusive(path, content);
        heldHere.add(info.token);
        return new RunLock(path, info, replacedStale);
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') throw error;
      }
      const text = await readIfPresent(path);
      if (text === null) continue; // released between our attempts: try again
      const holder = parseLock(text);
      if (holder && holderAlive(holder)) throw new LockHeldError(path, holder);
      // Stale. Move it aside atomically and check we moved the file we judged:
      // if another process replaced it meanwhile, put theirs back.
      const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
      try {
        await rename(path, aside);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') continue;
        throw error;
      }
      const moved = await readIfPresent(aside);
      if (moved !== text) {
        await link(aside, path).catch(() => undefined);
        await rm(aside, { force: true });
        continue;
      }
      await rm(aside, { force: true });
      replacedStale = { holder };
    }
    const holder = parseLock((await readIfPresent(path)) ?? '');
    if (holder) throw new LockHeldError(path, holder);
    throw new Error(`could not acquire ${path} after ${MAX_ATTEMPTS} attempts (another process keeps replacing it)`);
  }

  get released(): boolean {
    return this.#released;
  }

  /** Delete the lock if it is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    heldHere.delete(this.info.token);
    const text = await readIfPresent(this.path);
    if (text === null) return;
    if (parseLock(text)?.token !== this.info.token) return;
    try {
      await unlink(this.path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw new Error(`could not release ${this.path}: ${errorMessage(error)}`);
    }
  }
}

export interface LockStatus {
  holder: LockInfo | null;
  /** null when the file is unreadable or from another host. */
  alive: boolean | null;
}

/** For `ralph-wt status`: who holds the lock, if anyone (null when there is no lock file). */
export async function readLock(ralphDirPath: string): Promise<LockStatus | null> {
  const text = await readIfPresent(RunLock.fileIn(ralphDirPath));
  if (text === null) return null;
  const holder = parseLock(text);
  if (!holder) return { holder: null, alive: null };
  return { holder, alive: holder.hostname === hostname() ? holderAlive(holder) : null };
}
