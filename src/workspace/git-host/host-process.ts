import { execa } from 'execa';
import { isGitHostRequest, spawnOutcome, type GitHostReady, type GitHostRequest, type GitHostResponse } from './protocol.js';

/**
 * The git host: a small child process that runs git commands for the
 * orchestrator. fork() copies the parent's page tables, so every spawn from
 * the orchestrator (≈ 100 MB resident) blocks its event loop for ≈ 5 ms and
 * burns that much system time; from this process (≈ 50 MB) it costs a
 * fraction, and the orchestrator's loop never blocks on it. Requests arrive
 * over the IPC channel; the host exits when the channel closes (the
 * orchestrator exited, even by SIGKILL).
 */

async function runRequest(request: GitHostRequest): Promise<GitHostResponse> {
  const stdin = request.input === undefined ? { stdin: 'ignore' as const } : { input: request.input };
  // cleanup: false — if the orchestrator dies (even by SIGKILL) the host exits, and a git
  // command it started must still finish: one killed mid-update would leave a stale *.lock.
  const options = { cwd: request.cwd, env: request.env, reject: false, cleanup: false, ...stdin } as const;
  const result = request.binary
    ? await execa('git', request.args, { ...options, encoding: 'buffer', stripFinalNewline: false })
    : await execa('git', request.args, { ...options, stripFinalNewline: request.keepFinalNewline !== true });
  const stdout = typeof result.stdout === 'string' ? result.stdout : Buffer.from(result.stdout).toString('base64');
  const stderr = typeof result.stderr === 'string' ? result.stderr : Buffer.from(result.stderr).toString('utf8');
  return { id: request.id, stdout, ...spawnOutcome({ exitCode: result.exitCode, stderr, message: result.message }) };
}

function reply(message: GitHostResponse | GitHostReady): void {
  // The orchestrator may already have let go (a run that stopped while the host was starting):
  // with a callback a closed channel is reported to it, not thrown at the top level.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

if (process.send) {
  // Ctrl-C reaches the whole foreground process group: the orchestrator decides
  // when to stop, and still needs git to save its state while it does.
  process.on('SIGINT', () => undefined);
  process.on('message', (message: unknown) => {
    if (!isGitHostRequest(message)) return;
    runRequest(message).then(reply, (error: unknown) => {
      reply({ id: message.id, stdout: '', stderr: error instanceof Error ? error.message : String(error), exitCode: -1 });
    });
  });
  process.on('disconnect', () => process.exit(0));
  reply({ ready: true });
}
