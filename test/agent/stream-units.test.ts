import { parseGeminiLine } from '../../src/agent/adapters/gemini.js';
import { parseOpencodeLine } from '../../src/agent/adapters/opencode.js';
import { parseClaudeStreamLine } from '../../src/agent/adapters/claude-stream.js';
import { LineSplitter } from '../../src/agent/line-splitter.js';
import { TailBuffer } from '../../src/agent/tail-buffer.js';
import { createStreamState } from '../../src/agent/types.js';

describe('TailBuffer', () => {
  it('keeps exactly the last maxChars characters', () => {
    const tail = new TailBuffer(10);
    tail.append('abcdef');
    tail.append('ghijkl');
    expect(tail.toString()).toBe('cdefghijkl');
    tail.append('0123456789ABC');
    expect(tail.toString()).toBe('3456789ABC');
  });
});

describe('LineSplitter', () => {
  it('joins chunks, handles CRLF and a final unterminated line', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    splitter.push('{"a":');
    splitter.push('1}\r\nsecond\n\nthi');
    splitter.push('rd');
    splitter.end();
    expect(lines).toEqual(['{"a":1}', 'second', '', 'third']);
  });

  it('cuts a runaway line into bounded pieces', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l), 4);
    splitter.push('abcdefghij');
    splitter.end();
    expect(lines).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('parsers on edge events', () => {
  it('opencode error event sets the error and a limit when it names one', () => {
    const state = createStreamState();
    parseOpencodeLine(JSON.stringify({ type: 'error', error: { name: 'APIError', data: { message: "Claude AI usage limit reached|1900000000" } } }), state);
    expect(state.isError).toBe(true);
    expect(state.rateLimit?.resetAt).toBe(1_900_000_000_000);
    parseOpencodeLine(JSON.stringify({ type: 'done', reason: 'idle' }), state);
    expect(state.finalSeen).toBe(true);
  });

  it('gemini: warning errors are not failures, whole messages are joined by newlines', () => {
    const state = createStreamState();
    parseGeminiLine(JSON.stringify({ type: 'error', severity: 'warning', message: 'Loop detected, continuing' }), state);
    parseGeminiLine(JSON.stringify({ type: 'message', role: 'assistant', content: 'First.' }), state);
    parseGeminiLine(JSON.stringify({ type: 'message', role: 'assistant', content: '<promise>COMPLETE</promise>' }), state);
    expect(state.isError).toBe(false);
    expect(state.finalText).toBe('First.\n<promise>COMPLETE</promise>');
  });

  it('claude: ignores junk and counts a message repeated per content block once', () => {
    const state = createStreamState();
    const usage = { input_tokens: 7, output_tokens: 3, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
    for (const line of ['', 'garbage', '[1,2]', '{"type":"stream_event"}']) parseClaudeStreamLine(line, state);
    for (let i = 0; i < 3; i++) {
      parseClaudeStreamLine(JSON.stringify({ type: 'assistant', message: { id: 'same', content: [{ type: 'text', text: `part ${i}` }], usage } }), state);
    }
    expect(state.usage).toEqual({ inputTokens: 7, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: null });
    expect(state.finalText).toBe('part 2');
    expect(state.finalSeen).toBe(false);
  });

  it('claude: a long successful result that mentions limits is not a rate limit', () => {
    const state = createStreamState();
    const text = `${'Implemented the quota page. '.repeat(20)}It shows "5-hour limit reached ∙ resets 3pm (Europe/Stockholm)".\n<promise>COMPLETE</promise>`;
    parseClaudeStreamLine(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: text }), state);
    expect(state.rateLimit).toBeNull();
  });
});
