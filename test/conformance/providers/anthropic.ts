import type { ServerResponse } from 'node:http';
import { sendSse, startFakeApi, type FakeApi, type RecordedRequest, type SseEvent } from '../lib/fake-api.js';
import { sendError, stepAt, type Step } from './reply.js';

/** A fake Anthropic Messages API (`ANTHROPIC_BASE_URL`) scripted for one story. */
export interface AnthropicScript {
  /** Relative to claude's working directory (read from its system prompt). */
  file: string;
  content: string;
  /** The text of the last turn (put the completion marker on its last line, or not). */
  finalText: string;
  /** Replies to the first main requests, in order (see Step). */
  steps?: Step[];
}

export interface AnthropicFake extends FakeApi {
  /** Requests that carried claude's tool list (the agent's own turns, not side calls like title generation). */
  mainRequests(): RecordedRequest[];
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export async function startAnthropicFake(script: AnthropicScript): Promise<AnthropicFake> {
  let mainCount = 0;
  const isMain = (request: RecordedRequest): boolean => toolNames(request).length > 0;
  const api = await startFakeApi((request, res) => {
    if (request.method !== 'POST' || !request.url.startsWith('/v1/messages')) {
      // claude probes the base URL with HEAD / before its first call.
      res.writeHead(200).end();
      return;
    }
    if (!isMain(request)) {
      sendMessage(res, `msg_side_${request.index}`, [{ type: 'text', text: 'Create a file' }], 'end_turn');
      return;
    }
    const step = stepAt(script.steps ?? [], mainCount++);
    if (step === 'drop') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`event: message_start\ndata: ${JSON.stringify(messageStart(`msg_drop_${request.index}`))}\n\n`);
      return;
    }
    if (step !== 'turn') {
      sendError(res, step);
      return;
    }
    if (!hasToolResult(request)) {
      const cwd = workingDirectory(request);
      const input = { file_path: `${cwd}/${script.file}`, content: script.content };
      sendMessage(res, `msg_${request.index}`, [
        { type: 'text', text: `Creating ${script.file}.` },
        { type: 'tool_use', id: `toolu_${request.index}`, name: 'Write', input },
      ], 'tool_use');
    } else {
      sendMessage(res, `msg_${request.index}`, [{ type: 'text', text: script.finalText }], 'end_turn');
    }
  });
  return { ...api, mainRequests: () => api.requests.filter(isMain) };
}

export function toolNames(request: RecordedRequest): string[] {
  const tools = field(request.json, 'tools');
  return Array.isArray(tools) ? tools.map((tool) => String(field(tool, 'name'))) : [];
}

function hasToolResult(request: RecordedRequest): boolean {
  const messages = field(request.json, 'messages');
  if (!Array.isArray(messages)) return false;
  return messages.some((message) => {
    const content = field(message, 'content');
    return Array.isArray(content) && content.some((part) => field(part, 'type') === 'tool_result');
  });
}

/** claude states its cwd in the system prompt; Write wants an absolute path. */
function workingDirectory(request: RecordedRequest): string {
  const match = /Primary working directory: ([^\n\\"]+)/.exec(request.body);
  if (!match?.[1]) throw new Error('claude request names no "Primary working directory"');
  return match[1].trim();
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

const USAGE = { input_tokens: 100, output_tokens: 1, cache_creation_input_tokens: 7, cache_read_input_tokens: 3 };

function messageStart(id: string): Record<string, unknown> {
  return {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: USAGE },
  };
}

function sendMessage(res: ServerResponse, id: string, blocks: Block[], stopReason: 'end_turn' | 'tool_use'): void {
  const events: SseEvent[] = [{ event: 'message_start', data: messageStart(id) }];
  blocks.forEach((block, index) => {
    const start = block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} };
    const delta = block.type === 'text'
      ? { type: 'text_delta', text: block.text }
      : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) };
    events.push(
      { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: start } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
    );
  });
  events.push(
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 20 } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  );
  sendSse(res, events);
}
