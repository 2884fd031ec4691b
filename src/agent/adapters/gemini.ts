import { activityText, describeTool, isWritingTool, toolPath } from '../activity.js';
import { num, obj, parseJsonObject, str } from '../json-line.js';
import { detectRateLimitText } from '../rate-limit.js';
import type { AgentAdapter, AgentStreamState } from '../types.js';
import { geminiErrorText, geminiRateLimit } from './gemini-quota.js';

/** Assistant text kept for the completion check and the summary. */
const MAX_FINAL_TEXT = 64 * 1024;

/**
 * Gemini CLI headless stream-json. The prompt is the -p argument and stdin is
 * /dev/null (gemini would prepend piped stdin to it). --skip-trust keeps yolo
 * mode in a fresh worktree, which gemini otherwise treats as untrusted.
 */
export function createGeminiAdapter(command = 'gemini'): AgentAdapter {
  return {
    name: 'gemini',
    invocation(prompt, { model, extraArgs }) {
      const args = ['-p', prompt, '-o', 'stream-json', '--approval-mode', 'yolo', '--skip-trust'];
      if (model) args.push('-m', model);
      return { command, args: [...args, ...extraArgs], stdin: null };
    },
    parseLine: parseGeminiLine,
  };
}

export function parseGeminiLine(line: string, state: AgentStreamState): void {
  const event = parseJsonObject(line);
  if (!event) return;
  switch (event['type']) {
    case 'message': {
      if (event['role'] !== 'assistant') return;
      const content = str(event['content']);
      if (content === null) return;
      // Deltas are pieces of one message; whole messages start on a new line.
      const previous = state.finalText ?? '';
      const joiner = event['delta'] === true || previous === '' || previous.endsWith('\n') ? '' : '\n';
      state.finalText = (previous + joiner + content).slice(-MAX_FINAL_TEXT);
      state.lastAssistantText = state.finalText;
      if (content.trim() !== '') state.pendingActivity.push(activityText(content));
      return;
    }
    case 'tool_use': {
      const name = str(event['tool_name']) ?? 'tool';
      const input = obj(event['parameters']);
      state.pendingActivity.push(describeTool(name, input));
      const path = toolPath(input);
      if (path && isWritingTool(name)) state.filesTouched.add(path);
      // Text after a tool call is a new turn: never glue it onto the previous line.
      if (state.finalText && !state.finalText.endsWith('\n')) state.finalText += '\n';
      return;
    }
    case 'error': {
      // Warnings (severity "warning") include retries gemini handles itself: they must not stop a run that then succeeds.
      if (event['severity'] !== 'error') return;
      onError(str(event['message']) ?? 'error', state);
      return;
    }
    case 'result': {
      state.finalSeen = true;
      const stats = obj(event['stats']);
      const cached = num(stats['cached']);
      const input = typeof stats['input'] === 'number' ? num(stats['input']) : Math.max(0, num(stats['input_tokens']) - cached);
      state.usage = { inputTokens: input, outputTokens: num(stats['output_tokens']), cacheReadTokens: cached, cacheWriteTokens: 0, costUsd: null };
      if (event['status'] === 'error') onError(str(obj(event['error'])['message']) ?? 'gemini reported an error', state);
      return;
    }
    default:
      return;
  }
}

function onError(message: string, state: AgentStreamState): void {
  state.isError = true;
  state.errorMessage = activityText(geminiErrorText(message));
  state.rateLimit ??= geminiRateLimit(message) ?? detectRateLimitText(message);
}
