import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { observeGroups, signalGroup, type GroupObserver } from '../util/process-group.js';
import { cwdOf, listProcesses, readStat, type ProcStat } from './proc-table.js';

/**
 * The run's record of the process groups it started (agents, gates, setup
 * commands): `<ralphDir>/process-groups.jsonl`, one line per start and end,
 * appended synchronously the moment a group starts, so a `kill -9` of the
 * orchestrator a millisecond later still leaves its agents findable.
 */

export interface RecordedGroup {
  /** Group id = the leader's pid. */
  pid: number;
  /** The leader's start time (see ProcStat.start), null when it could not be read. */
  start: string | null;
  /** Where it was started (the story's worktree). */
  cwd: string;
}

type Line = ({ event: 'start' } & RecordedGroup) | { event: 'end'; pid: number };

export function groupLedgerPath(ralphDirPath: string): string {
  return join(ralphDirPath, 'process-groups.jsonl');
}

/** Appends every group this process starts and ends to the ledger, from now on. */
export function recordGroupsIn(ralphDirPath: string): { stop(): void } {
  const path = groupLedgerPath(ralphDirPath);
  mkdirSync(dirname(path), { recursive: true });
  const append = (line: Line): void => {
    try {
      appendFileSync(path, `${JSON.stringify(line)}\n`);
    } catch {
      // A full disk must not take the agent down with it; the in-process exit hook still covers us.
    }
  };
  const observer: GroupObserver = {
    started: (pid, cwd) => append({ event: 'start', pid, start: readStat(pid)?.start ?? null, cwd }),
    ended: (pid) => append({ event: 'end', pid }),
  };
  observeGroups(observer);
  return { stop: () => observeGroups(null) };
}

/** Groups the ledger says were started and never seen to end. */
export async function unendedGroups(ralphDirPath: string): Promise<RecordedGroup[]> {
  const text = await readFile(groupLedgerPath(ralphDirPath), 'utf8').catch(() => '');
  const open = new Map<number, RecordedGroup>();
  for (const raw of text.split('\n')) {
    const line = parseLine(raw);
    if (line?.event === 'start') open.set(line.pid, { pid: line.pid, start: line.start, cwd: line.cwd });
    else if (line?.event === 'end') open.delete(line.pid);
  }
  return [...open.values()];
}

function parseLine(raw: string): Line | null {
  if (raw.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { event, pid, start, cwd } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) return null;
    if (event === 'end') return { event, pid };
    if (event !== 'start' || typeof cwd !== 'string' || !(start === null || typeof start === 'string')) return null;
    return { event, pid, start, cwd };
  } catch {
    // A line cut short by the crash.
    return null;
  }
}

function inside(path: string | null, dir: string): boolean {
  if (path === null || dir === '') return false;
  const base = resolve(dir);
  return path === base || path.startsWith(base + sep);
}

/**
 * Whether a recorded group still running is really the one we started and not
 * a stranger that got the same id: its leader has the recorded start time, or
 * (the leader gone, helpers left) a member works inside the recorded directory.
 */
function stillOurs(group: RecordedGroup, members: readonly ProcStat[]): boolean {
  const leader = members.find((m) => m.pid === group.pid);
  if (leader) return group.start !== null && leader.start === group.start;
  return members.some((m) => inside(cwdOf(m.pid), group.cwd));
}

export interface ReapResult {
  /** Recorded groups that were still running and were stopped. */
  stopped: RecordedGroup[];
  /** Recorded groups whose id is in use but could not be shown to be ours (left alone). */
  unverified: RecordedGroup[];
  /** Processes outside any recorded group (e.g. started with setsid) found working in the run's worktrees, stopped. */
  strays: ProcStat[];
}

const GRACE_MS = 2000;
const GONE_DEADLINE_MS = 10_000;

/**
 * Stops what an interrupted run left running: every recorded group still
 * alive and verifiably ours, and every orphan without a terminal working
 * inside `worktreeDirs` (an agent's `setsid` child escapes its group, but not
 * its directory). Waits until they are gone, then empties the ledger.
 * Only with /proc (Linux); elsewhere a group that is still running cannot be
 * told from a stranger with the same id and is reported, not killed.
 */
export async function reapLeftoverProcesses(ralphDirPath: string, worktreeDirs: readonly string[]): Promise<ReapResult> {
  const recorded = await unendedGroups(ralphDirPath);
  const table = listProcesses();
  const result: ReapResult = { stopped: [], unverified: [], strays: [] };
  if (table === null) {
    result.unverified = recorded.filter((g) => groupExists(g.pid));
    return result;
  }
  const ownAncestry = ancestry(table);
  for (const group of recorded) {
    const members = table.filter((p) => p.pgrp === group.pid);
    if (members.length === 0) continue;
    if (stillOurs(group, members)) result.stopped.push(group);
    else result.unverified.push(group);
  }
  const stoppedGroups = new Set(result.stopped.map((g) => g.pid));
  for (const proc of table) {
    if (ownAncestry.has(proc.pid) || stoppedGroups.has(proc.pgrp) || proc.tty !== 0) continue;
    if (!orphaned(proc, table)) continue;
    const cwd = cwdOf(proc.pid);
    if (worktreeDirs.some((dir) => inside(cwd, dir))) result.strays.push(proc);
  }
  await stopAll(result);
  await rm(groupLedgerPath(ralphDirPath), { force: true });
  return result;
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process and its ancestors: never candidates, whatever their directory. */
function ancestry(table: readonly ProcStat[]): Set<number> {
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const out = new Set<number>();
  for (let pid: number | undefined = process.pid; pid !== undefined && pid > 0 && !out.has(pid); pid = byPid.get(pid)?.ppid) out.add(pid);
  return out;
}

/** Re-parented to init (or a sub-reaper such as systemd --user): its starter is gone. */
function orphaned(proc: ProcStat, table: readonly ProcStat[]): boolean {
  if (proc.ppid <= 1) return true;
  const parent = table.find((p) => p.pid === proc.ppid);
  return parent === undefined || parent.comm === 'systemd' || parent.comm === 'init';
}

async function stopAll(result: ReapResult): Promise<void> {
  const send = (signal: NodeJS.Signals): void => {
    for (const group of result.stopped) signalGroup(group.pid, signal);
    for (const proc of result.strays) {
      try {
        process.kill(proc.pid, signal);
      } catch {
        // Already gone.
      }
    }
  };
  const anyLeft = (): boolean =>
    result.stopped.some((g) => (listProcesses() ?? []).some((p) => p.pgrp === g.pid)) ||
    result.strays.some((p) => readStat(p.pid)?.start === p.start);
  if (result.stopped.length === 0 && result.strays.length === 0) return;
  send('SIGTERM');
  if (await waitUntil(() => !anyLeft(), GRACE_MS)) return;
  send('SIGKILL');
  await waitUntil(() => !anyLeft(), GONE_DEADLINE_MS);
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
