import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatGateFailure, runGates } from '../../src/gates/index.js';
import { eventually, isGone } from '../agent/helpers.js';

async function dir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ralph-gates-'));
}

describe('runGates', () => {
  it('passes when every command exits 0 and logs their output', async () => {
    const cwd = await dir();
    const logFile = join(cwd, 'logs', 'gates.log');
    const result = await runGates(['echo lint ok', 'echo "tests $GATE_VAR" && pwd'], { cwd, logFile, env: { GATE_VAR: 'green' } });
    expect(result.passed).toBe(true);
    expect(result.results.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(result.results[1]?.output).toContain('tests green');
    expect(result.results[1]?.output).toContain(cwd);
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('gate $ echo lint ok');
    expect(log).toContain('lint ok');
  });

  it('stops at the first failure', async () => {
    const cwd = await dir();
    const result = await runGates(['true', 'echo "FAIL: expected 2 got 3" >&2; exit 3', 'touch should-not-exist'], { cwd });
    expect(result.passed).toBe(false);
    expect(result.results).toHaveLength(2);
    expect(result.results[1]?.exitCode).toBe(3);
    expect(result.results[1]?.output).toContain('FAIL: expected 2 got 3');
    await expect(readFile(join(cwd, 'should-not-exist'))).rejects.toThrow();

    const text = formatGateFailure(result);
    expect(text).toContain('Quality gate `echo "FAIL: expected 2 got 3" >&2; exit 3` exited with code 3.');
    expect(text).toContain('Gates that passed: `true`.');
    expect(text).toContain('FAIL: expected 2 got 3');
  });

  it('passes with no gates configured', async () => {
    expect(await runGates([], { cwd: await dir() })).toEqual({ passed: true, results: [] });
  });

  it('kills a hanging gate and everything it started on timeout', async () => {
    const cwd = await dir();
    const result = await runGates([`sleep 600 & echo "bg $!"; wait`], { cwd, timeoutMs: 1500, killGraceMs: 300 });
    expect(result.passed).toBe(false);
    expect(result.results[0]?.timedOut).toBe(true);
    expect(result.results[0]?.exitCode).toBeNull();
    const pid = Number(/bg (\d+)/.exec(result.results[0]?.output ?? '')?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await eventually(() => isGone(pid))).toBe(true);
    expect(formatGateFailure(result)).toContain('timed out');
  });

  it('keeps only a bounded tail of a noisy gate', async () => {
    const cwd = await dir();
    const result = await runGates([`i=0; while [ $i -lt 3000 ]; do echo "line $i of a very noisy test runner output"; i=$((i+1)); done; exit 1`], { cwd });
    const output = result.results[0]?.output ?? '';
    expect(output.length).toBeLessThanOrEqual(16 * 1024);
    expect(output).toContain('line 2999 of');
    const text = formatGateFailure(result);
    expect(text.length).toBeLessThan(9 * 1024);
    expect(text).toContain('earlier output cut');
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runGates(['true'], { cwd: await dir(), signal: controller.signal });
    expect(result.passed).toBe(false);
    expect(result.results).toEqual([]);
  });
});
