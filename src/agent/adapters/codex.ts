import { activityText } from '../activity.js';
import { arr, num, obj, parseJsonObject, str, type JsonObject } from '../json-line.js';
import { detectRateLimitText } from '../rate-limit.js';
import type { AgentAdapter, AgentStreamState } from '../types.js';
import { recordUsagePart } from '../usage.js';

/**
 * `codex exec --json`: JSONL on stdout, prompt read from stdin via `-`.
 * The final answer is the last `agent_message` item.
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
    case 'turn.completed': {
      const usage = obj(event['usage']);
      const cached = num(usage['cached_input_tokens']);
      // OpenAI counts cached tokens inside input_tokens; split them to match claude's meaning.
      state.usage = recordUsagePart(state.usageParts, `turn-${state.usageParts.size}`, {
        inputTokens: Math.max(0, num(usage['input_tokens']) - cached),
        outputTokens: num(usage['output_tokens']),
        cacheReadTokens: cached,
        cacheWriteTokens: 0,
        costUsd: null,
      });
      state.finalSeen = true;
      return;
    }
    case 'turn.failed':
      onError(str(obj(event['error'])['message']) ?? 'turn failed', state);
      state.finalSeen = true;
      return;
    case 'error':
      onError(str(event['message']) ?? 'error', state);
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
      if (completed) onError(str(item['message']) ?? 'error', state);
      return;
    default:
      return;
  }
}

function onError(message: string, state: AgentStreamState): void {
  state.isError = true;
  state.errorMessage = activityText(message);
  state.rateLimit ??= detectRateLimitText(message);
}
