import { activityText } from '../activity.js';
import type { AgentAdapter, AgentStreamState } from '../types.js';

const MAX_FINAL_TEXT = 16 * 1024;

/**
 * Any command that reads the prompt on stdin and answers in plain text. Its
 * final text is the tail of stdout; the completion marker must be its last line.
 */
export function createCustomAdapter(command: string, baseArgs: string[] = []): AgentAdapter {
  return {
    name: 'custom',
    invocation(prompt, { extraArgs }) {
      return { command, args: [...baseArgs, ...extraArgs], stdin: prompt };
    },
    parseLine: parsePlainLine,
  };
}

export function parsePlainLine(line: string, state: AgentStreamState): void {
  state.finalText = `${state.finalText ?? ''}${line}\n`.slice(-MAX_FINAL_TEXT);
  state.lastAssistantText = state.finalText;
  const text = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  // Limits are not looked for here: any line may be program output. runAgent
  // scans the last lines only when the agent exits non-zero.
  if (text.trim() !== '') state.pendingActivity.push(activityText(text));
}
