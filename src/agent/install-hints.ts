import type { AgentName } from '../config/types.js';

/** The npm package each built-in agent CLI comes from, for "how to install it" messages. */
export const AGENT_PACKAGES: Readonly<Record<Exclude<AgentName, 'custom'>, string>> = {
  claude: '@anthropic-ai/claude-code',
  amp: '@ampcode/cli',
  codex: '@openai/codex',
  opencode: 'opencode-ai',
  gemini: '@google/gemini-cli',
};

export function installHint(agent: AgentName): string {
  return agent === 'custom' ? 'check --agent-command (or agent.command in the rc file)' : `install it with \`npm install -g ${AGENT_PACKAGES[agent]}\``;
}
