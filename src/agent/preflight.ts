import { InputError } from '../util/errors.js';
import { findExecutable } from './find-executable.js';
import { installHint } from './install-hints.js';
import type { AgentAdapter } from './types.js';

/**
 * Fails the run before any branch, worktree or journal exists when the agent
 * cannot be started: otherwise every ready story would fail one by one with
 * the same "not found" and leave its worktree and branch behind.
 */
export async function assertAgentAvailable(adapter: AgentAdapter, repoRoot: string): Promise<void> {
  const { command } = adapter.invocation('', { cwd: repoRoot, model: null, extraArgs: [] });
  if ((await findExecutable(command, repoRoot)) !== null) return;
  const what = adapter.name === 'custom' ? `agent command "${command}"` : `agent "${command}" (--agent ${adapter.name})`;
  const where = command.includes('/') ? 'is not an executable file' : 'was not found on PATH';
  throw new InputError(`${what} ${where}: ${installHint(adapter.name)}, or choose another with --agent`);
}
