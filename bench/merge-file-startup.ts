/**
 * `npm run bench -- merge-file-startup` (issue 14 item 7): one `ralph-wt merge-file -p` process on a 200-line
 * TypeScript file whose two edits git conflicts on (so the entity merge runs end to end), as git runs a merge
 * driver: once per file. Median of N runs of wall time and of the process's CPU time (user + system, which a busy
 * machine inflates less than wall time), for the plain command line (the quick path that skips the full CLI) and
 * for one the full CLI parses (`-pq`: combined short flags, same merge), which is how every invocation ran before.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface StartupFigures {
  runs: number;
  medianWallMs: number;
  minWallMs: number;
  medianCpuMs: number;
}

export interface StartupReport {
  lines: number;
  targetMs: number;
  quick: StartupFigures;
  fullCli: StartupFigures;
}

/** 20 functions of 10 lines; ours and theirs each add a function at the end (git conflicts, the entity merge does not). */
export function startupTriple(): { base: string; ours: string; theirs: string } {
  const out = ["import { readFile } from 'node:fs/promises';", ''];
  for (let i = 0; i < 20; i++) {
    out.push(`/** f${i} */`, `export function f${i}(x: number): number {`, '  let t = 0;', `  for (let j = 0; j < x; j++) t += j * ${i};`, '  if (t > 100) t -= 3;', '  const y = t + 1;', '  return y;', '}', '', '');
  }
  const base = out.join('\n');
  const added = (name: string): string => `export function ${name}(x: number): number {\n  return x * 2;\n}\n`;
  return { base, ours: `${base}${added('g')}`, theirs: `${base}${added('h')}` };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Runs the command under bash and reads the children's CPU time from `times` (portable across Linux and macOS). */
async function timedRun(bin: string, args: readonly string[]): Promise<{ wallMs: number; cpuMs: number }> {
  const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const started = performance.now();
  const r = await execa('bash', ['-c', `node ${quoted} >/dev/null; code=$?; times; exit $code`], { reject: false });
  const wallMs = performance.now() - started;
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`merge-file failed (exit ${r.exitCode}): ${r.stderr}`);
  // `times` prints the shell's user/system, then its children's: "0m0.470s 0m0.150s".
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wallMs, cpuMs: Math.round((seconds.reduce((a, b) => a + b, 0) * 1000)) };
}

async function measure(bin: string, args: readonly string[], runs: number): Promise<StartupFigures> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timedRun(bin, args);
    wall.push(r.wallMs);
    cpu.push(r.cpuMs);
  }
  return { runs, medianWallMs: Math.round(median(wall)), minWallMs: Math.round(Math.min(...wall)), medianCpuMs: Math.round(median(cpu)) };
}

export async function benchMergeFileStartup(options: { root?: string; runs?: number } = {}): Promise<StartupReport> {
  const root = options.root ?? process.cwd();
  const runs = options.runs ?? 11;
  const dir = mkdtempSync(join(tmpdir(), 'ralph-startup-'));
  try {
    const t = startupTriple();
    const files = { base: join(dir, 'base.ts'), ours: join(dir, 'ours.ts'), theirs: join(dir, 'theirs.ts') };
    writeFileSync(files.base, t.base);
    writeFileSync(files.ours, t.ours);
    writeFileSync(files.theirs, t.theirs);
    const bin = join(root, 'bin', 'ralph-wt');
    const quick = await measure(bin, ['merge-file', '-p', files.ours, files.base, files.theirs], runs);
    const fullCli = await measure(bin, ['merge-file', '-pq', files.ours, files.base, files.theirs], runs);
    return { lines: t.base.split('\n').length, targetMs: 400, quick, fullCli };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
