import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FAKE_AGENT = resolve('fixtures/fake-agent/fake-agent.mjs');

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ralph-${prefix}-`));
}

/**
 * A fake agent executable: records argv, stdin and cwd to $FAKE_RECORD, then
 * replays $FAKE_REPLAY (with __CWD__ replaced) to stdout and exits $FAKE_EXIT.
 */
const RECORDER = `#!/usr/bin/env node
const fs = require('node:fs');
const devNull = (() => { try { const s = fs.fstatSync(0); return s.isCharacterDevice() && !process.stdin.isTTY; } catch { return false; } })();
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('error', () => {});
process.stdin.on('end', () => {
  const record = { argv: process.argv.slice(2), stdin: Buffer.concat(chunks).toString('utf8'), stdinIsDevNull: devNull, cwd: process.cwd(),
    claudecode: process.env.CLAUDECODE ?? null, extra: process.env.FAKE_EXTRA ?? null, pwd: process.env.PWD ?? null };
  fs.writeFileSync(process.env.FAKE_RECORD, JSON.stringify(record));
  if (process.env.FAKE_REPLAY) process.stdout.write(fs.readFileSync(process.env.FAKE_REPLAY, 'utf8').split('__CWD__').join(process.cwd()));
  if (process.env.FAKE_STDERR) process.stderr.write(process.env.FAKE_STDERR + '\\n');
  process.exitCode = Number(process.env.FAKE_EXIT ?? '0');
});
`;

export interface FakeBin {
  dir: string;
  binDir: string;
  recordFile: string;
  replayFile: string;
  env(extra?: Record<string, string>): Record<string, string>;
  setReplay(lines: unknown[]): Promise<void>;
  record(): Promise<{ argv: string[]; stdin: string; stdinIsDevNull: boolean; cwd: string; claudecode: string | null; extra: string | null; pwd: string | null }>;
}

export async function fakeBin(names: string[]): Promise<FakeBin> {
  const dir = await tempDir('fakebin');
  const binDir = join(dir, 'bin');
  await mkdir(binDir);
  for (const name of names) {
    // Extensionless outside any package.json with "type": "module", so node runs it as CommonJS.
    const path = join(binDir, name);
    await writeFile(path, RECORDER);
    await chmod(path, 0o755);
  }
  const recordFile = join(dir, 'record.json');
  const replayFile = join(dir, 'replay.jsonl');
  await writeFile(replayFile, '');
  return {
    dir,
    binDir,
    recordFile,
    replayFile,
    env: (extra = {}) => ({ PATH: `${binDir}:${process.env['PATH'] ?? ''}`, FAKE_RECORD: recordFile, FAKE_REPLAY: replayFile, ...extra }),
    setReplay: (lines) => writeFile(replayFile, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n'),
    record: async () => JSON.parse(await readFile(recordFile, 'utf8')),
  };
}

/** Dead or an unreaped zombie: either way it no longer runs. */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Polls until `check` holds (the kernel may take a moment to reap). */
export async function eventually(check: () => boolean, limitMs = 10_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
