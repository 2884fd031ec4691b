import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What Linux's /proc says about processes, read synchronously (a few small
 * files). Elsewhere (macOS) there is no /proc: every reader returns null and
 * callers fall back to doing less rather than guessing.
 */

export interface ProcStat {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgrp: number;
  /** Controlling terminal (0 = none). */
  tty: number;
  /** Start time in clock ticks since boot: with the pid, it names one process for ever (pids are reused). */
  start: string;
  /** Executable name (truncated to 15 characters by the kernel). */
  comm: string;
}

export function procAvailable(): boolean {
  return readStat(process.pid) !== null;
}

/** /proc/<pid>/stat, or null when the process is gone (or a zombie) or there is no /proc. */
export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) S ppid pgrp session tty …": comm may hold spaces and parentheses.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return null;
  return { pid, ppid: Number(fields[1]), pgrp: Number(fields[2]), tty: Number(fields[4]), start: fields[19] ?? '', comm };
}

/** Every live process, or null without /proc. */
export function listProcesses(): ProcStat[] | null {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return null;
  }
  const out: ProcStat[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/** The process's working directory, or null (gone, not ours to read, no /proc). */
export function cwdOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** The process's command line (argv), or null (gone, not ours to read, no /proc). */
export function argvOf(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((arg, i, all) => arg !== '' || i < all.length - 1);
  } catch {
    return null;
  }
}

/** Linux reports start times in clock ticks; USER_HZ is 100 on every Linux ABI. */
const TICKS_PER_SECOND = 100;

function bootTimeMs(): number | null {
  try {
    const match = readFileSync('/proc/stat', 'utf8').match(/^btime (\d+)$/m);
    return match?.[1] ? Number(match[1]) * 1000 : null;
  } catch {
    return null;
  }
}

/** When the process started (epoch ms, to about 1 s), or null when it is gone or there is no /proc. */
export function processStartedAtMs(pid: number): number | null {
  const stat = readStat(pid);
  const boot = bootTimeMs();
  if (stat === null || boot === null || !/^\d+$/.test(stat.start)) return null;
  return boot + (Number(stat.start) * 1000) / TICKS_PER_SECOND;
}
