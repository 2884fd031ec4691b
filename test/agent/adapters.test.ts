import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAdapter } from '../../src/agent/adapters/index.js';
import { runAgent, type AgentRunOptions } from '../../src/agent/run-agent.js';
import type { AgentAdapter } from '../../src/agent/types.js';
import { fakeBin, tempDir, type FakeBin } from './helpers.js';

const MARKER = '<promise>COMPLETE</promise>';
const PROMPT = `Implement story US-1.\nPrint ${MARKER} when done.\n`;

let bin: FakeBin;
let cwd: string;

beforeAll(async () => {
  bin = await fakeBin(['claude', 'amp', 'codex', 'opencode', 'gemini', 'my-agent']);
  cwd = await tempDir('agent-cwd');
});

function run(adapter: AgentAdapter, extra: Partial<AgentRunOptions> = {}, env: Record<string, string> = {}) {
  return runAgent({
    adapter, prompt: PROMPT, cwd, env: bin.env(env), timeoutMs: 30_000, logFile: join(bin.dir, 'agent.log'),
    model: null, extraArgs: [], ...extra,
  });
}

describe('claude adapter', () => {
  const stream = (final: string, isError = false) => [
    { type: 'system', subtype: 'init', session_id: 's1', cwd: '__CWD__', model: 'claude-sonnet-4', tools: ['Edit', 'Bash'] },
    { type: 'user', message: { role: 'user', content: [{ type: 'text', text: PROMPT }] } },
    { type: 'assistant', message: { id: 'm1', content: [{ type: 'text', text: 'I will add the function.' }], usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 } }, session_id: 's1' },
    { type: 'assistant', message: { id: 'm1', content: [{ type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '__CWD__/src/math.ts', old_string: 'a', new_string: 'b' } }], usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 } } },
    { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: `file contains ${MARKER}` }] } },
    { type: 'assistant', message: { id: 'm2', content: [{ type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npm test' } }] } },
    { type: 'rate_limit_event', rate_limit_info: { status: 'allowed', resetsAt: 1_700_000_000, rateLimitType: 'five_hour', utilization: 0.3 } },
    'not json: a stray banner line',
    { type: 'result', subtype: 'success', is_error: isError, duration_ms: 1234, num_turns: 3, result: final, session_id: 's1', total_cost_usd: 0.0123, usage: { input_tokens: 30, output_tokens: 12, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 } },
  ];

  it('passes print-mode flags, the model and extra args, and writes the prompt to stdin', async () => {
    await bin.setReplay(stream(`Added add().\n${MARKER}`));
    const activity: string[] = [];
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }), { model: 'sonnet', extraArgs: ['--max-turns', '80'], onActivity: (t) => activity.push(t) }, { CLAUDECODE: '1' });
    const record = await bin.record();
    expect(record.argv).toEqual(['-p', '--verbose', '--output-format', 'stream-json', '--dangerously-skip-permissions', '--model', 'sonnet', '--max-turns', '80']);
    expect(record.stdin).toBe(PROMPT);
    expect(record.cwd).toBe(cwd);
    expect(record.claudecode).toBeNull();
    expect(result.completed).toBe(true);
    expect(result.error).toBeNull();
    expect(result.finalText).toBe(`Added add().\n${MARKER}`);
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 12, cacheReadTokens: 300, cacheWriteTokens: 40, costUsd: 0.0123 });
    expect(result.filesTouched).toEqual(['src/math.ts']);
    expect(result.rateLimit).toBeNull();
    expect(activity).toEqual(['I will add the function.', 'Edit src/math.ts', 'Bash npm test']);
    const log = await readFile(join(bin.dir, 'agent.log'), 'utf8');
    expect(log).toContain('"type":"result"');
    expect(log).toContain('agent=claude');
  });

  it('is not done when the marker is not the last line of the result', async () => {
    await bin.setReplay(stream(`${MARKER}\nActually, tests still fail.`));
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }));
    expect(result.completed).toBe(false);
    expect(result.error).toBeNull();
  });

  it('is not done on an empty result even with exit 0', async () => {
    await bin.setReplay(stream(''));
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }));
    expect(result.completed).toBe(false);
  });

  it('is not done when is_error is set, and reports the error text', async () => {
    await bin.setReplay(stream(`API Error: 500 overloaded\n${MARKER}`, true));
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }));
    expect(result.completed).toBe(false);
    expect(result.error).toBe('API Error: 500 overloaded');
  });

  it('is not done when the exit code is non-zero', async () => {
    await bin.setReplay(stream(`done\n${MARKER}`));
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }), {}, { FAKE_EXIT: '3' });
    expect(result.completed).toBe(false);
    expect(result.exitCode).toBe(3);
    expect(result.error).toMatch(/exited with code 3/);
  });

  it('reports a rejected rate_limit_event with the reset time in ms', async () => {
    await bin.setReplay([
      { type: 'rate_limit_event', rate_limit_info: { status: 'rejected', resetsAt: 1_900_000_000, rateLimitType: 'five_hour' } },
      { type: 'result', subtype: 'success', is_error: true, result: "You've hit your limit · resets 5am (Europe/Ljubljana)" },
    ]);
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }), {}, { FAKE_EXIT: '1' });
    expect(result.rateLimit?.resetAt).toBe(1_900_000_000_000);
    expect(result.completed).toBe(false);
    expect(result.error).toMatch(/rate limited/);
  });

  it('finds a plain-text limit message printed before any JSON', async () => {
    await bin.setReplay([]);
    const result = await run(createAdapter({ agent: 'claude', agentCommand: null }), {}, { FAKE_EXIT: '1', FAKE_STDERR: 'Claude AI usage limit reached|1900000000' });
    expect(result.rateLimit).toEqual({ resetAt: 1_900_000_000_000, message: 'Claude AI usage limit reached|1900000000' });
  });
});

describe('amp adapter', () => {
  it('uses execute + stream-json with the prompt on stdin and sums per-message usage', async () => {
    await bin.setReplay([
      { type: 'system', subtype: 'init', session_id: 'T-1', cwd: '__CWD__', tools: ['edit_file'] },
      { type: 'user', message: { role: 'user', content: [{ type: 'text', text: PROMPT }] } },
      { type: 'assistant', message: { id: 'a1', content: [{ type: 'tool_use', id: 'x', name: 'edit_file', input: { path: 'src/a.ts' } }], usage: { input_tokens: 100, output_tokens: 10, cache_read_input_tokens: 5, cache_creation_input_tokens: 1, max_tokens: 32000 } } },
      { type: 'assistant', message: { id: 'a2', content: [{ type: 'text', text: `Done.\n${MARKER}` }], usage: { input_tokens: 50, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } } },
      { type: 'result', subtype: 'success', is_error: false, num_turns: 2, duration_ms: 10, result: `Done.\n${MARKER}`, session_id: 'T-1' },
    ]);
    const result = await run(createAdapter({ agent: 'amp', agentCommand: null }), { model: 'ignored', extraArgs: ['--mode', 'rush'] });
    const record = await bin.record();
    expect(record.argv).toEqual(['--execute', '--stream-json', '--dangerously-allow-all', '--mode', 'rush']);
    expect(record.stdin).toBe(PROMPT);
    expect(result.completed).toBe(true);
    expect(result.usage).toEqual({ inputTokens: 150, outputTokens: 30, cacheReadTokens: 5, cacheWriteTokens: 1, costUsd: null });
    expect(result.filesTouched).toEqual(['src/a.ts']);
  });

  it('does not count the marker in the echoed user message', async () => {
    await bin.setReplay([
      { type: 'user', message: { role: 'user', content: [{ type: 'text', text: `Print\n${MARKER}` }] } },
      { type: 'result', subtype: 'success', is_error: false, result: 'I could not finish.' },
    ]);
    const result = await run(createAdapter({ agent: 'amp', agentCommand: null }));
    expect(result.completed).toBe(false);
  });
});

describe('codex adapter', () => {
  it('runs exec --json with the prompt from stdin and takes the last agent_message', async () => {
    await bin.setReplay([
      { type: 'thread.started', thread_id: 'th1' },
      { type: 'turn.started' },
      { type: 'item.completed', item: { id: 'i0', type: 'reasoning', text: `I must print ${MARKER}` } },
      { type: 'item.started', item: { id: 'i1', type: 'command_execution', command: 'bash -lc "npm test"', status: 'in_progress' } },
      { type: 'item.completed', item: { id: 'i1', type: 'command_execution', command: 'bash -lc "npm test"', aggregated_output: MARKER, exit_code: 0, status: 'completed' } },
      { type: 'item.completed', item: { id: 'i2', type: 'file_change', changes: [{ path: '__CWD__/src/b.ts', kind: 'update' }], status: 'completed' } },
      { type: 'item.completed', item: { id: 'i3', type: 'agent_message', text: 'Working on it.' } },
      { type: 'item.completed', item: { id: 'i4', type: 'agent_message', text: `All done.\n${MARKER}` } },
      { type: 'turn.completed', usage: { input_tokens: 1000, cached_input_tokens: 400, output_tokens: 50 } },
    ]);
    const result = await run(createAdapter({ agent: 'codex', agentCommand: null }), { model: 'gpt-5-codex' });
    const record = await bin.record();
    expect(record.argv).toEqual(['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '-m', 'gpt-5-codex', '-']);
    expect(record.stdin).toBe(PROMPT);
    expect(result.completed).toBe(true);
    expect(result.finalText).toBe(`All done.\n${MARKER}`);
    expect(result.usage).toEqual({ inputTokens: 600, outputTokens: 50, cacheReadTokens: 400, cacheWriteTokens: 0, costUsd: null });
    expect(result.filesTouched).toEqual(['src/b.ts']);
  });

  it('turns a usage-limit error into a rate limit', async () => {
    await bin.setReplay([
      { type: 'thread.started', thread_id: 'th1' },
      { type: 'error', message: "You've hit your usage limit. Upgrade to Pro or try again in 2 hours." },
      { type: 'turn.failed', error: { message: "You've hit your usage limit. Upgrade to Pro or try again in 2 hours." } },
    ]);
    const before = Date.now();
    const result = await run(createAdapter({ agent: 'codex', agentCommand: null }), {}, { FAKE_EXIT: '1' });
    expect(result.completed).toBe(false);
    expect(result.rateLimit?.resetAt).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(result.rateLimit?.resetAt).toBeLessThan(before + 3 * 3_600_000);
  });
});

describe('opencode adapter', () => {
  it('passes the prompt as the last argument with stdin at /dev/null, last text part wins', async () => {
    await bin.setReplay([
      { type: 'step_start', timestamp: 1, sessionID: 'ses', part: { type: 'step-start' } },
      { type: 'text', timestamp: 2, sessionID: 'ses', part: { id: 'p1', type: 'text', text: 'Let me look.' } },
      { type: 'tool_use', timestamp: 3, sessionID: 'ses', part: { id: 'p2', type: 'tool', tool: 'edit', callID: 'c1', state: { status: 'completed', input: { filePath: '__CWD__/src/c.ts' }, output: '', title: 'src/c.ts' } } },
      { type: 'step_finish', timestamp: 4, sessionID: 'ses', part: { id: 'p3', messageID: 'msg1', type: 'step-finish', reason: 'tool-calls', cost: 0.01, tokens: { input: 100, output: 10, reasoning: 5, cache: { read: 50, write: 2 } } } },
      { type: 'text', timestamp: 5, sessionID: 'ses', part: { id: 'p4', type: 'text', text: `Implemented.\n${MARKER}` } },
      { type: 'step_finish', timestamp: 6, sessionID: 'ses', part: { id: 'p5', messageID: 'msg2', type: 'step-finish', reason: 'stop', cost: 0.02, tokens: { input: 20, output: 5, reasoning: 0, cache: { read: 0, write: 0 } } } },
    ]);
    const result = await run(createAdapter({ agent: 'opencode', agentCommand: null }), { model: 'anthropic/claude-sonnet-4' });
    const record = await bin.record();
    expect(record.argv).toEqual(['run', '--format', 'json', '--auto', '-m', 'anthropic/claude-sonnet-4', PROMPT]);
    expect(record.stdin).toBe('');
    expect(record.stdinIsDevNull).toBe(true);
    expect(result.completed).toBe(true);
    expect(result.usage?.inputTokens).toBe(120);
    expect(result.usage?.outputTokens).toBe(20);
    expect(result.usage?.cacheReadTokens).toBe(50);
    expect(result.usage?.costUsd).toBeCloseTo(0.03);
    expect(result.filesTouched).toEqual(['src/c.ts']);
  });
});

describe('gemini adapter', () => {
  it('passes -p prompt with yolo + skip-trust, concatenates assistant messages, reads result stats', async () => {
    await bin.setReplay([
      { type: 'init', timestamp: 't', session_id: 'g1', model: 'gemini-2.5-pro' },
      { type: 'message', timestamp: 't', role: 'user', content: PROMPT },
      { type: 'message', timestamp: 't', role: 'assistant', content: 'I will write ', delta: true },
      { type: 'message', timestamp: 't', role: 'assistant', content: 'the file.', delta: true },
      { type: 'tool_use', timestamp: 't', tool_name: 'write_file', tool_id: 'w1', parameters: { file_path: '__CWD__/src/d.ts', content: 'x' } },
      { type: 'tool_result', timestamp: 't', tool_id: 'w1', status: 'success', output: MARKER },
      { type: 'message', timestamp: 't', role: 'assistant', content: 'Done.\n', delta: true },
      { type: 'message', timestamp: 't', role: 'assistant', content: MARKER, delta: true },
      { type: 'result', timestamp: 't', status: 'success', stats: { total_tokens: 130, input_tokens: 100, output_tokens: 30, cached: 40, input: 60, duration_ms: 5, tool_calls: 1 } },
    ]);
    const result = await run(createAdapter({ agent: 'gemini', agentCommand: null }), { model: 'gemini-2.5-pro' });
    const record = await bin.record();
    expect(record.argv).toEqual(['-p', PROMPT, '-o', 'stream-json', '--approval-mode', 'yolo', '--skip-trust', '-m', 'gemini-2.5-pro']);
    expect(record.stdinIsDevNull).toBe(true);
    expect(result.finalText).toBe(`I will write the file.\nDone.\n${MARKER}`);
    expect(result.completed).toBe(true);
    expect(result.usage).toEqual({ inputTokens: 60, outputTokens: 30, cacheReadTokens: 40, cacheWriteTokens: 0, costUsd: null });
    expect(result.filesTouched).toEqual(['src/d.ts']);
  });

  it('is not done when the result status is error', async () => {
    await bin.setReplay([
      { type: 'message', role: 'assistant', content: `ok\n${MARKER}` },
      { type: 'result', status: 'error', error: { type: 'TerminalQuotaError', message: 'You have exhausted your daily quota on this model.' }, stats: {} },
    ]);
    const result = await run(createAdapter({ agent: 'gemini', agentCommand: null }), {}, { FAKE_EXIT: '1' });
    expect(result.completed).toBe(false);
    expect(result.error).toMatch(/daily quota/);
  });
});

describe('custom adapter', () => {
  it('runs agentCommand with extra args, prompt on stdin, plain-text completion', async () => {
    await bin.setReplay(['working', `echo: ${MARKER} appears mid-line`, 'done', MARKER, '']);
    const adapter = createAdapter({ agent: 'custom', agentCommand: 'my-agent' });
    const result = await run(adapter, { extraArgs: ['--fast'] }, { FAKE_EXTRA: 'yes' });
    const record = await bin.record();
    expect(record.argv).toEqual(['--fast']);
    expect(record.stdin).toBe(PROMPT);
    expect(record.extra).toBe('yes');
    expect(result.completed).toBe(true);
    // Tools that read $PWD before their real cwd (opencode 1.18 does) must see the worktree, not ralph-wt's directory.
    expect(record.pwd).toBe(record.cwd);
    expect(record.pwd).not.toBe(process.cwd());
  });

  it('does not complete when the marker line is followed by more output', async () => {
    await bin.setReplay([MARKER, 'one more thing']);
    const result = await run(createAdapter({ agent: 'custom', agentCommand: 'my-agent' }));
    expect(result.completed).toBe(false);
  });

  it('requires agentCommand', () => {
    expect(() => createAdapter({ agent: 'custom', agentCommand: null })).toThrow(/agentCommand/);
  });
});

describe('missing executable', () => {
  it('returns a clear error instead of throwing', async () => {
    const result = await runAgent({
      adapter: createAdapter({ agent: 'claude', agentCommand: 'ralph-no-such-claude' }), prompt: 'x', cwd, env: {}, timeoutMs: 10_000,
      logFile: join(bin.dir, 'missing.log'), model: null, extraArgs: [],
    });
    expect(result.error).toBe('agent "ralph-no-such-claude" not found on PATH (install it: npm install -g @anthropic-ai/claude-code, or choose --agent)');
    expect(result.completed).toBe(false);
    expect(result.exitCode).toBeNull();
  });
});
