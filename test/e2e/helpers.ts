import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../../src/events/types.js';
import { BIN, GIT_ENV, invocations, makeRepo, parseEvents, startCli, waitFor, type TestRepo } from '../helpers/cli.js';

/** Repos made through `trackedRepo` are removed after each test. */
export function repoTracker(): { make: (...args: Parameters<typeof makeRepo>) => Promise<TestRepo>; track: (repo: TestRepo) => TestRepo; cleanup: () => Promise<void> } {
  let repos: TestRepo[] = [];
  const track = (repo: TestRepo): TestRepo => {
    repos.push(repo);
    return repo;
  };
  return {
    make: async (...args) => track(await makeRepo(...args)),
    track,
    cleanup: async () => {
      await Promise.all(repos.map((r) => r.cleanup()));
      repos = [];
    },
  };
}

export { waitFor };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RawResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  events: RunEvent[];
}

/** Like `runCli`, but keeps the signal that ended the process (for crash injection). */
export async function runRaw(repo: TestRepo, args: string[], env: Record<string, string> = {}): Promise<RawResult> {
  const result = await startCli(repo, args, env);
  const stdout = String(result.stdout);
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    stdout,
    stderr: String(result.stderr),
    events: args.includes('--json') ? parseEvents(stdout) : [],
  };
}

/** The process was killed with SIGKILL (directly, or reported by a wrapper as 128 + 9). */
export function diedOfSigkill(result: RawResult): boolean {
  return result.signal === 'SIGKILL' || result.exitCode === 137;
}

/**
 * Waits until every fake agent that started has ended: logged its normal end,
 * or is no longer alive (an orphan whose orchestrator died can itself die of
 * EPIPE on its first write to the dead stdout pipe, before it logs its end).
 */
export async function waitForAgentsToSettle(repo: TestRepo, timeoutMs = 30_000): Promise<void> {
  const settled = async (): Promise<boolean> => {
    const calls = await invocations(repo);
    const ended = new Set(calls.filter((c) => c.event === 'end').map((c) => c.pid));
    for (const call of calls) {
      if (call.event === 'start' && !ended.has(call.pid) && (await isAlive(call.pid))) return false;
    }
    return true;
  };
  await waitFor(settled, 'orphaned agents to finish', timeoutMs).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; invocations: ${JSON.stringify(await invocations(repo))}`);
  });
}

/** Runs the CLI in an arbitrary directory (not a TestRepo), e.g. outside any git repository. */
export async function runIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('node', [BIN, ...args], { cwd, env: { ...GIT_ENV, CI: 'true', ...env }, reject: false, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A pid is alive unless it is gone or a zombie (exited, waiting to be reaped). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return false;
  // Format: "pid (comm) S ..." — comm may contain spaces and parentheses, so split after the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Every path (relative) under `dir`, recursively, skipping `.git` internals unless asked. */
export async function listTree(dir: string, includeGit = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === '.git' && !includeGit) continue;
        await walk(path);
      } else {
        out.push(path);
      }
    }
  };
  await walk('');
  return out;
}

export const of = <T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] =>
  events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
