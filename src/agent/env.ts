/**
 * Variables that make a nested `claude` refuse to start ("cannot be launched
 * inside another Claude Code session") when ralph-wt itself runs inside one.
 */
const STRIPPED = ['CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT'];

/**
 * claude refuses `--dangerously-skip-permissions` as root ("cannot be used
 * with root/sudo privileges") unless IS_SANDBOX is exactly "1" (or it runs
 * under its own bubblewrap sandbox). Containers and devcontainers run as root,
 * and the worktree is the sandbox the flag asks for; any other IS_SANDBOX
 * value (seen: "yes") would only make every iteration fail, so it is replaced.
 */
export function claudeSandboxEnv(base: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): Record<string, string> {
  if (uid !== 0 || base['CLAUDE_CODE_BUBBLEWRAP'] !== undefined) return {};
  return { IS_SANDBOX: '1' };
}

/** The orchestrator's environment plus `extra`, minus the variables above. */
export function childEnv(extra: Record<string, string> = {}, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, extra);
  for (const key of STRIPPED) delete env[key];
  return env;
}
