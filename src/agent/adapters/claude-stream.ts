import { activityText, describeTool, isWritingTool, toolPath } from '../activity.js';
import { arr, num, numOrNull, obj, parseJsonObject, str, type JsonObject } from '../json-line.js';
import { detectRateLimitText, rateLimitFromClaudeEvent } from '../rate-limit.js';
import type { AgentStreamState } from '../types.js';
import { recordUsagePart } from '../usage.js';
import type { Usage } from '../../events/types.js';

/**
 * Parser for the Claude Code stream-json schema, which Amp's `--stream-json`
 * also speaks. Per-message usage is keyed by message id because claude repeats
 * one message (and its usage) once per content block; the `result` event's
 * usage, when present, is the authoritative total.
 */
export function parseClaudeStreamLine(line: string, state: AgentStreamState): void {
  const event = parseJsonObject(line);
  if (!event) return;
  switch (event['type']) {
    case 'assistant':
      onAssistant(obj(event['message']), state);
      return;
    case 'result':
      onResult(event, state);
      return;
    case 'rate_limit_event': {
      const limit = rateLimitFromClaudeEvent(obj(event['rate_limit_info']));
      if (limit) state.rateLimit = limit;
      return;
    }
    default:
      return;
  }
}

function onAssistant(message: JsonObject, state: AgentStreamState): void {
  const texts: string[] = [];
  for (const block of arr(message['content'])) {
    const part = obj(block);
    if (part['type'] === 'text') {
      const text = str(part['text']);
      if (text) {
        texts.push(text);
        state.pendingActivity.push(activityText(text));
      }
    } else if (part['type'] === 'tool_use') {
      const name = str(part['name']) ?? 'tool';
      const input = obj(part['input']);
      state.pendingActivity.push(describeTool(name, input));
      const path = toolPath(input);
      if (path && isWritingTool(name)) state.filesTouched.add(path);
    }
  }
  if (texts.length > 0) {
    state.lastAssistantText = texts.join('\n');
    // Until the result arrives, the latest assistant text is the best final text.
    if (!state.finalSeen) state.finalText = state.lastAssistantText;
  }
  if (message['usage'] !== undefined && !state.finalSeen) {
    const key = str(message['id']) ?? `message-${state.usageParts.size}`;
    state.usage = recordUsagePart(state.usageParts, key, usageFrom(obj(message['usage']), null));
  }
}

function onResult(event: JsonObject, state: AgentStreamState): void {
  state.finalSeen = true;
  const text = str(event['result']) ?? '';
  state.finalText = text;
  const isError = event['is_error'] === true;
  if (isError) {
    state.isError = true;
    state.errorMessage = activityText(text) || `agent reported ${str(event['subtype']) ?? 'an error'}`;
  }
  // Limit texts are matched only in an error result or a short one: a long
  // successful summary may legitimately talk about rate limits.
  if (!state.rateLimit && (isError || text.length <= 300)) {
    const limit = detectRateLimitText(text);
    if (limit) state.rateLimit = limit;
  }
  const cost = numOrNull(event['total_cost_usd']) ?? numOrNull(event['cost_usd']);
  if (event['usage'] !== undefined) {
    state.usage = usageFrom(obj(event['usage']), cost);
  } else if (cost !== null) {
    state.usage = { ...(state.usage ?? usageFrom({}, null)), costUsd: cost };
  }
}

function usageFrom(raw: JsonObject, cost: number | null): Usage {
  return {
    inputTokens: num(raw['input_tokens']),
    outputTokens: num(raw['output_tokens']),
    cacheReadTokens: num(raw['cache_read_input_tokens']),
    cacheWriteTokens: num(raw['cache_creation_input_tokens']),
    costUsd: cost,
  };
}
