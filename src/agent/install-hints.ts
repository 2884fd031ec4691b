import type { AgentName } from '../config/types.js';

/** The npm package each built-in agent CLI comes from, for "how to install it" messages. */
export const AGENT_PACKAGES: Readonly<Record<Exclude<AgentName, 'custom'>, string>> = {
  claude: '@anthropic-ai/claude-code',
  amp: '@ampcode/cli',
  codex: '@openai/codex',
  opencode: 'opencode-ai',
  gemini: '@google/gemini-cli',
};

/** The command that installs a built-in agent's CLI; null for `custom`. */
export function installCommand(agent: AgentName): string | null {
  return agent === 'custom' ? null : `npm install -g ${AGENT_PACKAGES[agent]}`;
}

export function installHint(agent: AgentName): string {
  const command = installCommand(agent);
  return command === null ? 'check --agent-command (or agent.command in the rc file)' : `install it with \`${command}\``;
}
