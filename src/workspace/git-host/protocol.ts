/** Messages between the orchestrator and its git host process (over the IPC channel). */

export interface GitHostRequest {
  id: number;
  args: string[];
  cwd: string;
  /** Overrides merged over the host's environment (which is the orchestrator's at start). */
  env: Record<string, string>;
  /** Written to git's stdin; absent = stdin ignored. */
  input?: string;
  /** Keep a trailing newline of stdout (default: stripped, as execa does). */
  keepFinalNewline?: boolean;
  /** stdout is bytes (sent back base64-encoded), kept whole. */
  binary?: boolean;
}

export interface GitHostResponse {
  id: number;
  /** Text, or base64 of the bytes for a binary request. */
  stdout: string;
  stderr: string;
  /** -1 when git could not be started at all (stderr then says why). */
  exitCode: number;
}

/**
 * execa's exit code and stderr as the protocol reports them: exitCode is
 * undefined when git could not be spawned at all (ENOENT, bad cwd), which
 * becomes -1 with the reason in stderr. Used by the host and by direct calls.
 */
export function spawnOutcome(result: { exitCode?: number | undefined; stderr: string; message?: string }): { exitCode: number; stderr: string } {
  const exitCode = result.exitCode ?? -1;
  return { exitCode, stderr: exitCode === -1 && !result.stderr ? (result.message ?? 'git could not be started') : result.stderr };
}

/** The first message a host sends: it is listening. */
export interface GitHostReady {
  ready: true;
}

export function isGitHostResponse(value: unknown): value is GitHostResponse {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number' && typeof (value as { exitCode?: unknown }).exitCode === 'number';
}

export function isGitHostRequest(value: unknown): value is GitHostRequest {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<GitHostRequest>;
  return typeof candidate.id === 'number' && Array.isArray(candidate.args) && typeof candidate.cwd === 'string' && typeof candidate.env === 'object';
}
