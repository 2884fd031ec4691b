import { activityText, describeTool, isWritingTool, toolPath } from '../activity.js';
import { arr, num, numOrNull, obj, parseJsonObject, str, type JsonObject } from '../json-line.js';
import { API_RATE_LIMIT_WAIT_MS, detectRateLimitText, rateLimitFromClaudeEvent } from '../rate-limit.js';
import type { AgentStreamState, RateLimit } from '../types.js';
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
    case 'system':
      if (event['subtype'] === 'api_retry') onApiRetry(event, state);
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
  if (!state.rateLimit && isError && event['api_error_status'] === 429) state.rateLimit = apiRateLimit(text, state);
  const cost = numOrNull(event['total_cost_usd']) ?? numOrNull(event['cost_usd']);
  if (event['usage'] !== undefined) {
    state.usage = usageFrom(obj(event['usage']), cost);
  } else if (cost !== null) {
    state.usage = { ...(state.usage ?? usageFrom({}, null)), costUsd: cost };
  }
}

/**
 * The delay claude chose for its latest retry of a 429: the server's
 * `retry-after` or claude's own backoff. An API-key 429 reaches the stream
 * only this way (no `rate_limit_event`), so it is the best reset hint there is.
 */
const lastRateLimitRetryMs = new WeakMap<AgentStreamState, number>();

function onApiRetry(event: JsonObject, state: AgentStreamState): void {
  const status = numOrNull(event['error_status']);
  const delay = numOrNull(event['retry_delay_ms']);
  if (status === 429 && delay !== null) lastRateLimitRetryMs.set(state, delay);
  const attempt = `${num(event['attempt'])}/${num(event['max_retries'])}`;
  const reason = [status, str(event['error'])].filter((part) => part !== null).join(' ');
  const wait = delay !== null ? ` in ${Math.round(delay / 1000)}s` : '';
  state.pendingActivity.push(activityText(`API retry ${attempt}${reason ? ` after ${reason}` : ''}${wait}`));
}

/**
 * An API-key 429 that outlasted claude's own retries: the result says
 * `is_error` with `api_error_status: 429` and a text like "API Error: Request
 * rejected (429) · …". Waiting beats burning the iteration.
 */
function apiRateLimit(text: string, state: AgentStreamState): RateLimit {
  const wait = lastRateLimitRetryMs.get(state) ?? API_RATE_LIMIT_WAIT_MS;
  return { resetAt: Date.now() + wait, message: activityText(text) || 'API rate limit (429)' };
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
