import { activityText, describeTool, isWritingTool, toolPath } from '../activity.js';
import { num, numOrNull, obj, parseJsonObject, str } from '../json-line.js';
import { detectRateLimitText } from '../rate-limit.js';
import type { AgentAdapter, AgentStreamState } from '../types.js';
import { recordUsagePart } from '../usage.js';
import { opencodeError } from './opencode-error.js';

/**
 * A step that ends for one of these reasons is followed by another model turn;
 * any other reason ends opencode's loop (it has no `done` event to say so).
 */
const CONTINUING_REASONS = new Set(['tool-calls', 'unknown']);

/**
 * `opencode run --format json --auto <prompt>`. opencode appends any piped
 * stdin to the message, so stdin is /dev/null and the prompt is the argument.
 * Without --auto, run auto-rejects every permission ask (reading `.env`,
 * editing outside the worktree…) and the agent cannot finish.
 */
export function createOpencodeAdapter(command = 'opencode'): AgentAdapter {
  return {
    name: 'opencode',
    invocation(prompt, { model, extraArgs }) {
      const args = ['run', '--format', 'json', '--auto'];
      if (model) args.push('-m', model);
      return { command, args: [...args, ...extraArgs, prompt], stdin: null };
    },
    parseLine: parseOpencodeLine,
  };
}

export function parseOpencodeLine(line: string, state: AgentStreamState): void {
  const event = parseJsonObject(line);
  if (!event) return;
  const part = obj(event['part']);
  switch (event['type']) {
    case 'text': {
      const text = str(part['text']);
      if (text !== null) {
        state.finalText = text;
        state.lastAssistantText = text;
        state.pendingActivity.push(activityText(text));
      }
      return;
    }
    case 'tool_use': {
      const tool = str(part['tool']) ?? 'tool';
      const input = obj(obj(part['state'])['input']);
      state.pendingActivity.push(describeTool(tool, input));
      const path = toolPath(input);
      if (path && isWritingTool(tool)) state.filesTouched.add(path);
      return;
    }
    case 'step_finish': {
      const tokens = obj(part['tokens']);
      const cache = obj(tokens['cache']);
      // Keyed by part id (else message id) so a repeated event is not counted twice.
      const key = str(part['id']) ?? str(part['messageID']) ?? `step-${state.usageParts.size}`;
      state.usage = recordUsagePart(state.usageParts, key, {
        inputTokens: num(tokens['input']),
        outputTokens: num(tokens['output']) + num(tokens['reasoning']),
        cacheReadTokens: num(cache['read']),
        cacheWriteTokens: num(cache['write']),
        costUsd: numOrNull(part['cost']),
      });
      const reason = str(part['reason']);
      if (reason !== null && !CONTINUING_REASONS.has(reason)) state.finalSeen = true;
      return;
    }
    case 'error': {
      // opencode retries retryable API errors itself; an error event is what is left when it gives up, and ends the session.
      const error = opencodeError(obj(event['error']));
      state.isError = true;
      state.errorMessage = activityText(error.message);
      state.rateLimit ??= error.rateLimit ?? detectRateLimitText(error.message);
      state.finalSeen = true;
      return;
    }
    case 'done':
      // Newer opencode builds than the one verified print this at the end.
      state.finalSeen = true;
      return;
    default:
      return;
  }
}
