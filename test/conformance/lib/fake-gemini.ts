import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sendJson, sendSse, startFakeApi, type FakeApi, type RecordedRequest } from './fake-api.js';

/** An HTTP error the fake answers a model turn with (Google API error shape). */
export interface FakeApiError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeGeminiOptions {
  /** The file the first turn asks gemini's own `write_file` tool to create (relative to the agent's cwd). */
  file: string;
  /** The model's text once the tool result is back. */
  finalText: string;
  /** An error for the n-th agent turn (0-based, counting every turn that offers tools), or null to answer it. */
  fail?: (turn: number, request: RecordedRequest) => FakeApiError | null;
}

export interface FakeGemini extends FakeApi {
  /** The requests that were agent turns (they offer gemini's tools), in order. */
  turns(): RecordedRequest[];
}

const MODEL = 'gemini-2.5-flash';

/**
 * A Gemini API (`POST /v1beta/models/<m>:streamGenerateContent?alt=sse`) that
 * makes gemini-cli write `file` with its own tool, then answers `finalText`.
 * Requests without tools (gemini's internal helper calls) get a plain answer.
 */
export async function startFakeGemini(options: FakeGeminiOptions): Promise<FakeGemini> {
  const turns: RecordedRequest[] = [];
  const api = await startFakeApi((request, res) => {
    if (!isAgentTurn(request)) {
      sendGemini(res, request, [{ text: '{"reasoning":"the model answered","next_speaker":"user"}' }]);
      return;
    }
    const turn = turns.length;
    turns.push(request);
    const failure = options.fail?.(turn, request) ?? null;
    if (failure) {
      sendJson(res, failure.status, failure.body, failure.headers);
      return;
    }
    if (lastTurnHasToolResult(request)) sendGemini(res, request, [{ text: options.finalText }]);
    else sendGemini(res, request, [{ functionCall: { name: 'write_file', args: { file_path: options.file, content: 'written by the fake model\n' } } }]);
  });
  return { ...api, turns: () => [...turns] };
}

/** `{error: {code, message, status, details}}` as the Gemini API sends it. */
export function googleError(status: number, code: string, message: string, details: unknown[] = []): FakeApiError {
  return { status, body: { error: { code: status, message, status: code, details } } };
}

/** The temp HOME's settings that make gemini use GEMINI_API_KEY (else it asks how to log in and exits 41). */
export async function writeGeminiSettings(home: string): Promise<void> {
  await mkdir(join(home, '.gemini'), { recursive: true });
  await writeFile(join(home, '.gemini', 'settings.json'), `${JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } })}\n`);
}

/** The tool names an agent turn offered the model. */
export function geminiToolNames(request: RecordedRequest): string[] {
  const names: string[] = [];
  for (const group of asArray(field(request.json, 'tools'))) {
    for (const declaration of asArray(field(group, 'functionDeclarations'))) {
      const name = field(declaration, 'name');
      if (typeof name === 'string') names.push(name);
    }
  }
  return names;
}

function isAgentTurn(request: RecordedRequest): boolean {
  return request.url.includes(':streamGenerateContent') && geminiToolNames(request).length > 0;
}

function lastTurnHasToolResult(request: RecordedRequest): boolean {
  const contents = asArray(field(request.json, 'contents'));
  const last = contents[contents.length - 1];
  return asArray(field(last, 'parts')).some((part) => field(part, 'functionResponse') !== undefined);
}

function sendGemini(res: Parameters<typeof sendSse>[0], request: RecordedRequest, parts: unknown[]): void {
  const payload = {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 8, totalTokenCount: 128 },
    modelVersion: MODEL,
  };
  if (request.url.includes('alt=sse')) sendSse(res, [{ data: payload }]);
  else sendJson(res, 200, payload);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
