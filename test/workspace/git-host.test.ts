import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GitHost } from '../../src/workspace/git-host/git-host.js';
import { git, startGitHost, stopGitHost } from '../../src/workspace/git.js';
import { makeRepo, tempDir, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

// The compiled host program (npm test builds before jest runs).
const HOST = fileURLToPath(new URL('../../dist/src/workspace/git-host/host-process.js', import.meta.url));

async function untilReady(host: GitHost): Promise<void> {
  for (let i = 0; i < 400 && !host.ready; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!host.ready) throw new Error('git host did not become ready');
}

describe('GitHost', () => {
  let repo: TestRepo;
  let host: GitHost;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'one\n' });
    const launched = GitHost.launch(HOST);
    if (!launched) throw new Error(`no host program at ${HOST}`);
    host = launched;
    await untilReady(host);
  });
  afterEach(async () => {
    await host.close();
    await repo.cleanup();
  });

  it('runs git with the given cwd, env and stdin, and reports exit codes like a direct call', async () => {
    const env = { LC_ALL: 'C' };
    const head = await host.run({ args: ['rev-parse', 'HEAD'], cwd: repo.dir, env });
    expect(head).toMatchObject({ exitCode: 0, stdout: repo.initial });
    const hashed = await host.run({ args: ['hash-object', '--stdin'], cwd: repo.dir, env, input: 'hello\n' });
    expect(hashed.stdout).toBe((await git(['hash-object', '--stdin'], { cwd: repo.dir, input: 'hello\n' })).stdout);
    const blob = await host.run({ args: ['cat-file', 'blob', 'HEAD:a.txt'], cwd: repo.dir, env, keepFinalNewline: true });
    expect(blob.stdout).toBe('one\n');
    const missing = await host.run({ args: ['rev-parse', '--verify', '--quiet', 'nope'], cwd: repo.dir, env });
    expect(missing.exitCode).toBe(1);
    const who = await host.run({ args: ['var', 'GIT_AUTHOR_IDENT'], cwd: repo.dir, env: { GIT_AUTHOR_NAME: 'Host Test' } });
    expect(who.stdout).toMatch(/^Host Test </);
  });

  it('returns bytes whole for binary requests', async () => {
    const bytes = await host.run({ args: ['cat-file', '--batch'], cwd: repo.dir, env: {}, input: 'HEAD:a.txt\n', binary: true });
    expect(Buffer.from(bytes.stdout, 'base64').toString('utf8')).toMatch(/^[0-9a-f]{40} blob 4\none\n\n$/);
  });

  it('says why when git cannot start (a cwd that does not exist)', async () => {
    const result = await host.run({ args: ['status'], cwd: join(repo.dir, 'gone'), env: {} });
    expect(result.exitCode).toBe(-1);
    expect(result.stderr).toMatch(/ENOENT|spawn|cwd/i);
  });

  it('answers many requests in flight, each with its own result', async () => {
    const inputs = Array.from({ length: 24 }, (_, i) => `content ${i}\n`);
    const viaHost = await Promise.all(inputs.map((input) => host.run({ args: ['hash-object', '--stdin'], cwd: repo.dir, env: {}, input })));
    const direct = await Promise.all(inputs.map((input) => git(['hash-object', '--stdin'], { cwd: repo.dir, input })));
    expect(viaHost.map((r) => r.stdout)).toEqual(direct.map((r) => r.stdout));
  });

  it('close waits for the answers in flight', async () => {
    const pending = host.run({ args: ['rev-parse', 'HEAD'], cwd: repo.dir, env: {} });
    await host.close();
    expect((await pending).stdout).toBe(repo.initial);
    expect(host.ready).toBe(false);
  });

  it('when the host dies, it is no longer ready and new requests are refused (callers then run git themselves)', async () => {
    process.kill(host.pid as number, 'SIGKILL');
    for (let i = 0; i < 200 && host.ready; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(host.ready).toBe(false);
    await expect(host.run({ args: ['status'], cwd: repo.dir, env: {} })).rejects.toThrow(/not running/);
  });
});

describe('git() with a git host', () => {
  afterEach(() => stopGitHost());

  it('goes through the host once it is up, with the same results as running git directly', async () => {
    const repo = await makeRepo({ 'a.txt': 'one\n' });
    try {
      const direct = await git(['log', '--format=%H %s'], { cwd: repo.dir });
      startGitHost(HOST);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await git(['log', '--format=%H %s'], { cwd: repo.dir })).toEqual(direct);
      await expect(git(['rev-parse', '--verify', 'nope'], { cwd: repo.dir })).rejects.toThrow(/git rev-parse --verify nope failed \(exit 128\)/);
    } finally {
      await repo.cleanup();
    }
  });

  it('runs git directly while the host is not (or never) ready', async () => {
    const dir = await tempDir();
    const script = join(dir, 'dead-host.mjs');
    await writeFile(script, 'process.exit(0);\n');
    startGitHost(script);
    const repo = await makeRepo();
    try {
      expect((await git(['rev-parse', 'HEAD'], { cwd: repo.dir })).stdout).toBe(repo.initial);
    } finally {
      await repo.cleanup();
    }
  });
});

test('a host stopped while it is still starting exits quietly (no stack trace on the terminal)', async () => {
  const dir = await tempDir();
  const script = join(dir, 'start-stop.mjs');
  const gitModule = fileURLToPath(new URL('../../dist/src/workspace/git.js', import.meta.url));
  // Started and let go at once, the way a run that fails on its first check does.
  await writeFile(script, `import { startGitHost, stopGitHost } from ${JSON.stringify(gitModule)};\nstartGitHost();\nawait stopGitHost();\n`);
  const { execa } = await import('execa');
  for (let i = 0; i < 5; i += 1) {
    const result = await execa('node', [script], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
  }
});
