import type { AgentAdapter, AgentStreamState } from '../types.js';
import { parseClaudeStreamLine } from './claude-stream.js';

/**
 * What amp prints (plain text, on stdout) when it has no API key: it starts
 * its login flow and reads the login code from stdin — where our prompt is.
 */
const LOGIN_PROMPT = /No API key found|Starting login flow|paste your code here/i;

export const AMP_NOT_LOGGED_IN = 'amp is not logged in: run `amp login` once (or set AMP_API_KEY to an access token from ampcode.com/settings), then run again';

/**
 * Amp execute mode with Claude-compatible stream-json. The prompt goes on
 * stdin: as a trailing argument after --stream-json, amp rejects it. amp has
 * no model flag: its `--mode` (low, medium, high, ultra or a plugin mode)
 * picks the model, so `model` is passed as the mode unless agentArgs name one.
 */
export function createAmpAdapter(command = 'amp'): AgentAdapter {
  return {
    name: 'amp',
    invocation(prompt, { model, extraArgs }) {
      const args = ['--execute', '--stream-json', '--dangerously-allow-all'];
      const modeGiven = extraArgs.some((arg) => arg === '--mode' || arg === '-m' || arg.startsWith('--mode='));
      if (model && !modeGiven) args.push('--mode', model);
      return { command, args: [...args, ...extraArgs], stdin: prompt };
    },
    parseLine: parseAmpLine,
  };
}

export function parseAmpLine(line: string, state: AgentStreamState): void {
  if (!line.trimStart().startsWith('{') && LOGIN_PROMPT.test(line)) {
    state.isError = true;
    state.errorMessage = AMP_NOT_LOGGED_IN;
    // Nothing useful can follow; a login flow waiting for a code is ended after the final-event grace.
    state.finalSeen = true;
    return;
  }
  parseClaudeStreamLine(line, state);
}
