import type { AgentName, Settings } from '../../config/types.js';
import { InputError } from '../../util/errors.js';
import type { AgentAdapter } from '../types.js';
import { createAmpAdapter } from './amp.js';
import { createClaudeAdapter } from './claude.js';
import { createCodexAdapter } from './codex.js';
import { createCustomAdapter } from './custom.js';
import { createGeminiAdapter } from './gemini.js';
import { createOpencodeAdapter } from './opencode.js';

export const AGENT_NAMES: readonly AgentName[] = ['claude', 'amp', 'codex', 'opencode', 'gemini', 'custom'];

/**
 * The adapter for the configured agent. `agentCommand` is the executable for
 * `custom` and overrides the executable of a built-in agent (e.g. a wrapper).
 * `settings.agentArgs` and `settings.model` are not baked in: pass them to
 * `runAgent` as `extraArgs` / `model`, so every agent gets them the same way.
 */
export function createAdapter(settings: Pick<Settings, 'agent' | 'agentCommand'>): AgentAdapter {
  const command = settings.agentCommand ?? undefined;
  switch (settings.agent) {
    case 'claude':
      return createClaudeAdapter(command);
    case 'amp':
      return createAmpAdapter(command);
    case 'codex':
      return createCodexAdapter(command);
    case 'opencode':
      return createOpencodeAdapter(command);
    case 'gemini':
      return createGeminiAdapter(command);
    case 'custom':
      if (!command) throw new InputError('agent "custom" needs agentCommand (e.g. --agent-command ./my-agent.sh)');
      return createCustomAdapter(command);
  }
}

export { createAmpAdapter, createClaudeAdapter, createCodexAdapter, createCustomAdapter, createGeminiAdapter, createOpencodeAdapter };
