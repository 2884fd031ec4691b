/**
 * Variables that make a nested `claude` refuse to start ("cannot be launched
 * inside another Claude Code session") when ralph-wt itself runs inside one.
 */
const STRIPPED = ['CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT'];

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
