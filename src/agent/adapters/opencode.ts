import { activityText, describeTool, isWritingTool, toolPath } from '../activity.js';
import { num, numOrNull, obj, parseJsonObject, str } from '../json-line.js';
import { detectRateLimitText } from '../rate-limit.js';
import type { AgentAdapter, AgentStreamState } from '../types.js';
import { recordUsagePart } from '../usage.js';

/**
 * `opencode run --format json <prompt>`. opencode appends any piped stdin to
 * the message, so stdin is /dev/null and the prompt is the argument.
 */
export function createOpencodeAdapter(command = 'opencode'): AgentAdapter {
  return {
    name: 'opencode',
    invocation(prompt, { model, extraArgs }) {
      const args = ['run', '--format', 'json'];
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
      return;
    }
    case 'error': {
      const error = obj(event['error']);
      const message = str(obj(error['data'])['message']) ?? str(error['message']) ?? str(error['name']) ?? 'error';
      state.isError = true;
      state.errorMessage = activityText(message);
      state.rateLimit ??= detectRateLimitText(message);
      return;
    }
    case 'done':
      state.finalSeen = true;
      return;
    default:
      return;
  }
}
