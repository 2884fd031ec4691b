import { claudeSandboxEnv } from '../env.js';
import type { AgentAdapter } from '../types.js';
import { parseClaudeStreamLine } from './claude-stream.js';

/** Claude Code in print mode; stream-json needs --verbose, the prompt goes on stdin; as root it needs IS_SANDBOX=1. */
export function createClaudeAdapter(command = 'claude'): AgentAdapter {
  return {
    name: 'claude',
    invocation(prompt, { model, extraArgs }) {
      const args = ['-p', '--verbose', '--output-format', 'stream-json', '--dangerously-skip-permissions'];
      if (model) args.push('--model', model);
      return { command, args: [...args, ...extraArgs], stdin: prompt, env: claudeSandboxEnv() };
    },
    parseLine: parseClaudeStreamLine,
  };
}
