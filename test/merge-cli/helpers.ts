import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
};

export function scratchDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write the three versions into `dir` under `<side>.<ext>` and return their paths. */
export function writeTriple(dir: string, ext: string, v: { current: string | Buffer; base: string | Buffer; other: string | Buffer }): { current: string; base: string; other: string } {
  const paths = { current: join(dir, `current.${ext}`), base: join(dir, `base.${ext}`), other: join(dir, `other.${ext}`) };
  writeFileSync(paths.current, v.current);
  writeFileSync(paths.base, v.base);
  writeFileSync(paths.other, v.other);
  return paths;
}

/** `git merge-file -p` with the same labels: the reference the fallback must equal byte for byte. */
export async function gitMergeFileP(paths: { current: string; base: string; other: string }, labels: [string, string, string]): Promise<{ code: number; out: Buffer }> {
  const r = await execa('git', ['merge-file', '-p', '-L', labels[0], '-L', labels[1], '-L', labels[2], paths.current, paths.base, paths.other], {
    reject: false,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  return { code: r.exitCode ?? -1, out: Buffer.from(r.stdout) };
}

/** Capture what a command writes to stdout/stderr while it runs. */
export async function captureOutput<T>(work: () => Promise<T>): Promise<{ value: T; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    out.push(Buffer.from(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    err.push(Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  try {
    const value = await work();
    return { value, stdout: Buffer.concat(out), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}
