import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runSetup } from '../../src/workspace/setup.js';
import { isAlive } from '../e2e/helpers.js';
import { waitFor } from '../helpers/cli.js';
import { tempDir } from './helpers.js';

describe('runSetup', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the command in cwd and appends its output to the log', async () => {
    const logFile = join(dir, 'logs', 'US-1.log');
    const first = await runSetup({ command: 'echo out; echo err >&2; pwd', cwd: dir, logFile, timeoutMs: 20000 });
    expect(first).toMatchObject({ ok: true, exitCode: 0, timedOut: false, aborted: false });
    expect(first.outputTail).toContain('out');
    expect(first.outputTail).toContain('err');
    expect(first.outputTail).toContain(dir);
    await runSetup({ command: 'echo second', cwd: dir, logFile, timeoutMs: 20000 });
    const log = await readFile(logFile, 'utf8');
    expect(log.indexOf('out')).toBeLessThan(log.indexOf('second'));
    expect(log).toContain('$ echo second');
  });

  it('reports failure with the exit code and the last lines of output', async () => {
    const result = await runSetup({
      command: 'for i in $(seq 1 100); do echo line$i; done; exit 3',
      cwd: dir,
      logFile: join(dir, 'setup.log'),
      timeoutMs: 20000,
      env: { EXTRA: 'x' },
    });
    expect(result).toMatchObject({ ok: false, exitCode: 3, timedOut: false });
    expect(result.outputTail.split('\n')).toHaveLength(30);
    expect(result.outputTail.endsWith('line100')).toBe(true);
  });

  it('kills the whole process group on timeout', async () => {
    const marker = join(dir, 'child-survived');
    const pidFile = join(dir, 'child.pid');
    const result = await runSetup({
      command: `sh -c 'echo $$ > ${pidFile}; sleep 2; touch ${marker}' & sleep 30`,
      cwd: dir,
      logFile: join(dir, 'setup.log'),
      timeoutMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(result.ok).toBe(false);
    expect(await readFile(join(dir, 'setup.log'), 'utf8')).toContain('timed out');
    // The background child is gone (not merely unobserved), so it can never write its marker. No pid
    // file: the group was killed before the child wrote it, and nothing of the group is left to start it.
    const written = await readFile(pidFile, 'utf8').catch(() => '');
    const childPid = Number(written.trim());
    if (childPid > 0) {
      await waitFor(async () => !(await isAlive(childPid)), 'the background child to be gone', 30_000);
    }
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = runSetup({ command: 'sleep 30', cwd: dir, logFile: join(dir, 'setup.log'), timeoutMs: 60000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, aborted: true, timedOut: false });
  });

  it('reports a missing cwd as a failure, not a crash', async () => {
    const result = await runSetup({ command: 'true', cwd: join(dir, 'missing'), logFile: join(dir, 'setup.log'), timeoutMs: 5000 });
    expect(result.ok).toBe(false);
    expect(result.outputTail).not.toBe('');
  });
});
