import { activityText } from '../activity.js';
import { arr, num, obj, parseJsonObject, str, type JsonObject } from '../json-line.js';
import { API_RATE_LIMIT_WAIT_MS, detectRateLimitText } from '../rate-limit.js';
import type { AgentAdapter, AgentStreamState, RateLimit } from '../types.js';
import { recordUsagePart } from '../usage.js';

/**
 * `codex exec --json`: JSONL on stdout, prompt read from stdin via `-`.
 * The final answer is the last `agent_message` item. The verdict comes only
 * from `turn.completed` / `turn.failed` (and the exit code): codex reports
 * warnings and reconnects as `error` events and `error` items.
 */
export function createCodexAdapter(command = 'codex'): AgentAdapter {
  return {
    name: 'codex',
    invocation(prompt, { model, extraArgs }) {
      const args = ['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write'];
      if (model) args.push('-m', model);
      return { command, args: [...args, ...extraArgs, '-'], stdin: prompt };
    },
    parseLine: parseCodexLine,
  };
}

export function parseCodexLine(line: string, state: AgentStreamState): void {
  const event = parseJsonObject(line);
  if (!event) return;
  switch (event['type']) {
    case 'item.started':
    case 'item.completed':
      onItem(obj(event['item']), event['type'] === 'item.completed', state);
      return;
    case 'turn.completed':
      onTurnCompleted(obj(event['usage']), state);
      return;
    case 'turn.failed':
      onTurnFailed(str(obj(event['error'])['message']) ?? 'turn failed', state);
      return;
    case 'error':
      // Warnings and retry notices ("Reconnecting... 2/5"), not a verdict: a
      // run that goes on to `turn.completed` and exit 0 has succeeded.
      onNotice(str(event['message']), state);
      return;
    default:
      return;
  }
}

function onItem(item: JsonObject, completed: boolean, state: AgentStreamState): void {
  switch (item['type']) {
    case 'agent_message': {
      const text = str(item['text']);
      if (completed && text !== null) {
        state.finalText = text;
        state.lastAssistantText = text;
        state.pendingActivity.push(activityText(text));
      }
      return;
    }
    case 'command_execution': {
      const commandText = str(item['command']);
      if (!completed && commandText) state.pendingActivity.push(activityText(`$ ${commandText}`));
      return;
    }
    case 'file_change': {
      if (!completed) return;
      for (const change of arr(item['changes'])) {
        const path = str(obj(change)['path']);
        if (path) {
          state.filesTouched.add(path);
          state.pendingActivity.push(activityText(`${str(obj(change)['kind']) ?? 'edit'} ${path}`));
        }
      }
      return;
    }
    case 'error':
      // e.g. "Model metadata for `M` not found…", "Falling back from WebSockets to HTTPS".
      if (completed) onNotice(str(item['message']), state);
      return;
    default:
      return;
  }
}

/**
 * OpenAI counts cached and cache-written tokens inside input_tokens; they are
 * split out to match claude's meaning (input = neither read nor written).
 */
function onTurnCompleted(usage: JsonObject, state: AgentStreamState): void {
  const cached = num(usage['cached_input_tokens']);
  const written = num(usage['cache_write_input_tokens']);
  state.usage = recordUsagePart(state.usageParts, `turn-${state.usageParts.size}`, {
    inputTokens: Math.max(0, num(usage['input_tokens']) - cached - written),
    outputTokens: num(usage['output_tokens']),
    cacheReadTokens: cached,
    cacheWriteTokens: written,
    costUsd: null,
  });
  state.finalSeen = true;
}

/** The only failure verdict in the stream (with a non-zero exit). */
function onTurnFailed(message: string, state: AgentStreamState): void {
  state.isError = true;
  state.errorMessage = activityText(message);
  state.rateLimit ??= detectRateLimitText(message) ?? apiRateLimit(message);
  state.finalSeen = true;
}

function onNotice(message: string | null, state: AgentStreamState): void {
  if (message) state.pendingActivity.push(activityText(message));
}

/**
 * codex gives up on an API that keeps answering 429 with "exceeded retry
 * limit, last status: 429 Too Many Requests" and no reset time: a short
 * wait (API request/token limits reset within a minute) is worth more than a
 * failed iteration.
 */
function apiRateLimit(message: string): RateLimit | null {
  if (!/\b429 Too Many Requests\b/.test(message)) return null;
  return { resetAt: Date.now() + API_RATE_LIMIT_WAIT_MS, message: activityText(message) };
}
