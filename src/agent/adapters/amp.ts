import type { AgentAdapter } from '../types.js';
import { parseClaudeStreamLine } from './claude-stream.js';

/**
 * Amp execute mode with Claude-compatible stream-json. The prompt goes on
 * stdin: as a trailing argument after --stream-json, amp rejects it.
 */
export function createAmpAdapter(command = 'amp'): AgentAdapter {
  return {
    name: 'amp',
    invocation(prompt, { extraArgs }) {
      // amp has no per-invocation model flag (it picks models by mode); pass e.g. `--mode rush` via agentArgs.
      return { command, args: ['--execute', '--stream-json', '--dangerously-allow-all', ...extraArgs], stdin: prompt };
    },
    parseLine: parseClaudeStreamLine,
  };
}
