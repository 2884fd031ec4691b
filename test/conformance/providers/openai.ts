import { mkdir, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { formatSse, sendSse, startFakeApi, type FakeApi, type RecordedRequest } from '../lib/fake-api.js';
import { sendError, stepAt, type Step } from './reply.js';

/** A fake OpenAI Responses API for codex (a `[model_providers.fake]` entry) scripted for one story. */
export interface OpenAiScript {
  /** Shell command codex's exec_command tool runs in the worktree (its write tool for an unknown model). */
  command: string;
  finalText: string;
  steps?: Step[];
}

export interface OpenAiFake extends FakeApi {
  mainRequests(): RecordedRequest[];
}

export const CODEX_KEY_ENV = 'RALPH_CONFORMANCE_OPENAI_KEY';

export async function startOpenAiFake(script: OpenAiScript): Promise<OpenAiFake> {
  let mainCount = 0;
  const isMain = (request: RecordedRequest): boolean => request.method === 'POST' && request.url.endsWith('/responses');
  const api = await startFakeApi((request, res) => {
    if (!isMain(request)) {
      res.writeHead(404).end();
      return;
    }
    const step = stepAt(script.steps ?? [], mainCount++);
    if (step === 'drop') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(formatSse([{ event: 'response.created', data: { type: 'response.created', response: { id: `resp_${request.index}` } } }]));
      return;
    }
    if (step !== 'turn') {
      sendError(res, step);
      return;
    }
    const item = hasToolOutput(request)
      ? { type: 'message', id: `msg_${request.index}`, role: 'assistant', content: [{ type: 'output_text', text: script.finalText }] }
      : { type: 'function_call', id: `fc_${request.index}`, call_id: `call_${request.index}`, name: 'exec_command', arguments: JSON.stringify({ cmd: script.command }) };
    sendResponse(res, `resp_${request.index}`, item);
  });
  return { ...api, mainRequests: () => api.requests.filter(isMain) };
}

/** Writes `$home/.codex/config.toml` pointing codex at the fake (key read from CODEX_KEY_ENV). */
export async function writeCodexConfig(home: string, baseUrl: string, model: string, extra: string[] = []): Promise<void> {
  const toml = [
    'model_provider = "fake"',
    `model = "${model}"`,
    '',
    '[model_providers.fake]',
    'name = "fake"',
    `base_url = "${baseUrl}/v1"`,
    'wire_api = "responses"',
    `env_key = "${CODEX_KEY_ENV}"`,
    'supports_websockets = false',
    ...extra,
    '',
  ].join('\n');
  await mkdir(join(home, '.codex'), { recursive: true });
  await writeFile(join(home, '.codex', 'config.toml'), toml);
}

export function toolNames(request: RecordedRequest): string[] {
  const tools = field(request.json, 'tools');
  return Array.isArray(tools) ? tools.map((tool) => String(field(tool, 'name') ?? field(tool, 'type'))) : [];
}

function hasToolOutput(request: RecordedRequest): boolean {
  const input = field(request.json, 'input');
  return Array.isArray(input) && input.some((item) => field(item, 'type') === 'function_call_output');
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function sendResponse(res: ServerResponse, id: string, item: Record<string, unknown>): void {
  // cache_write_tokens surfaces as codex's usage.cache_write_input_tokens.
  const usage = {
    input_tokens: 120,
    input_tokens_details: { cached_tokens: 20, cache_write_tokens: 5 },
    output_tokens: 30,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 150,
  };
  sendSse(res, [
    { event: 'response.created', data: { type: 'response.created', response: { id } } },
    { event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: 0, item } },
    { event: 'response.completed', data: { type: 'response.completed', response: { id, usage } } },
  ]);
}
