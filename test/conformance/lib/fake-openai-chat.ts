import { sendJson, sendSse, startFakeApi, type FakeApi, type RecordedRequest, type SseEvent } from './fake-api.js';
import type { FakeApiError } from './fake-gemini.js';

export type { FakeApiError } from './fake-gemini.js';

export interface FakeOpenAiChatOptions {
  /** The file the first turn asks the CLI's `write` tool to create, relative to the working directory the CLI names. */
  file: string;
  /** The model's text once the tool result is back. */
  finalText: string;
  /** An error for the n-th agent turn (0-based, counting every request that offers tools), or null to answer it. */
  fail?: (turn: number, request: RecordedRequest) => FakeApiError | null;
}

export interface FakeOpenAiChat extends FakeApi {
  /** The requests that were agent turns (they offer tools), in order. */
  turns(): RecordedRequest[];
}

/**
 * An OpenAI Chat Completions API (`POST /v1/chat/completions`, streamed) as
 * opencode's openai-compatible provider calls it. Agent turns (requests with
 * tools) first get a `write` tool call for `file` under the working directory
 * named in the system prompt, then `finalText`; requests without tools
 * (opencode's session-title call) get a short title.
 */
export async function startFakeOpenAiChat(options: FakeOpenAiChatOptions): Promise<FakeOpenAiChat> {
  const turns: RecordedRequest[] = [];
  const api = await startFakeApi((request, res) => {
    if (!request.url.endsWith('/chat/completions')) {
      sendJson(res, 404, { error: { message: `no route ${request.url}` } });
      return;
    }
    if (chatToolNames(request).length === 0) {
      sendSse(res, completion([{ role: 'assistant', content: 'Conformance story' }], 'stop'));
      return;
    }
    const turn = turns.length;
    turns.push(request);
    const failure = options.fail?.(turn, request) ?? null;
    if (failure) {
      sendJson(res, failure.status, failure.body, failure.headers);
      return;
    }
    if (lastMessageRole(request) === 'tool') {
      sendSse(res, completion([{ role: 'assistant', content: options.finalText }], 'stop'));
      return;
    }
    const path = `${workingDirectory(request) ?? '.'}/${options.file}`;
    const call = { index: 0, id: `call_${turn}`, type: 'function', function: { name: 'write', arguments: JSON.stringify({ filePath: path, content: 'written by the fake model\n' }) } };
    sendSse(res, completion([{ role: 'assistant', tool_calls: [call] }], 'tool_calls'));
  });
  return { ...api, turns: () => [...turns] };
}

/** `{error: {message, type, code}}` as OpenAI-style APIs send it. */
export function openAiError(status: number, message: string, type: string, code: string | null = null, headers: Record<string, string> = {}): FakeApiError {
  return { status, body: { error: { message, type, code } }, headers };
}

/** The function names an agent turn offered the model. */
export function chatToolNames(request: RecordedRequest): string[] {
  const names: string[] = [];
  for (const tool of asArray(field(request.json, 'tools'))) {
    const name = field(field(tool, 'function'), 'name');
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

/** opencode's system prompt names the directory it works in ("Working directory: /…"). */
export function workingDirectory(request: RecordedRequest): string | null {
  for (const message of asArray(field(request.json, 'messages'))) {
    if (field(message, 'role') !== 'system') continue;
    const match = /Working directory: (\S+)/.exec(textOf(field(message, 'content')));
    if (match?.[1]) return match[1];
  }
  return null;
}

function completion(deltas: Record<string, unknown>[], finishReason: string): SseEvent[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): SseEvent => ({
    data: { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finish }], ...extra },
  });
  return [
    ...deltas.map((delta) => chunk(delta, null)),
    chunk({}, finishReason),
    { data: { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [], usage: { prompt_tokens: 120, completion_tokens: 8, total_tokens: 128 } } },
    { data: '[DONE]' },
  ];
}

function lastMessageRole(request: RecordedRequest): unknown {
  const messages = asArray(field(request.json, 'messages'));
  return field(messages[messages.length - 1], 'role');
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => field(part, 'text'))
    .filter((text): text is string => typeof text === 'string')
    .join('\n');
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
