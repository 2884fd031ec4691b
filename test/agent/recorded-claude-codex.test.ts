/**
 * Replays what the real claude 2.1.197 and codex 0.171.0 printed in the
 * conformance suite (test/conformance, recorded with RECORD_AGENT_STREAMS=1
 * into test/fixtures/agent-streams/) through the adapters and runAgent, so the
 * verdicts the live runs check stay true in the fast lane. The exit codes are
 * the ones the CLIs gave for these streams (is_error / turn.failed → 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { createClaudeAdapter } from '../../src/agent/adapters/claude.js';
import { createCodexAdapter } from '../../src/agent/adapters/codex.js';
import { claudeSandboxEnv } from '../../src/agent/env.js';
import { API_RATE_LIMIT_WAIT_MS } from '../../src/agent/rate-limit.js';
import { runAgent, type AgentResult } from '../../src/agent/run-agent.js';
import type { AgentAdapter } from '../../src/agent/types.js';
import { fakeBin, tempDir, type FakeBin } from './helpers.js';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'agent-streams');

let bin: FakeBin;
let cwd: string;

beforeAll(async () => {
  bin = await fakeBin(['claude', 'codex']);
  cwd = await tempDir('recorded-cwd');
});

/** The recorded lines; the recording's working directory becomes the replay's (`__CWD__`). */
function recorded(agent: 'claude' | 'codex', name: string): string[] {
  const lines = readFileSync(join(FIXTURES, agent, `${name}.jsonl`), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const init = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((event) => event['subtype'] === 'init');
  const recordedCwd = typeof init?.['cwd'] === 'string' ? init['cwd'] : null;
  return recordedCwd ? lines.map((line) => line.split(recordedCwd).join('__CWD__')) : lines;
}

async function replay(adapter: AgentAdapter, lines: string[], exitCode: number): Promise<{ result: AgentResult; activity: string[] }> {
  await bin.setReplay(lines);
  const activity: string[] = [];
  const result = await runAgent({
    adapter, prompt: 'Implement S1.', cwd, env: bin.env({ FAKE_EXIT: String(exitCode) }), timeoutMs: 30_000,
    logFile: join(bin.dir, 'agent.log'), model: null, extraArgs: [], onActivity: (text) => activity.push(text),
  });
  return { result, activity };
}

describe('claude 2.1.197, recorded', () => {
  const claude = createClaudeAdapter();

  it('success: done, with the Write path and the result usage', async () => {
    const { result } = await replay(claude, recorded('claude', 'success'), 0);
    expect(result.completed).toBe(true);
    expect(result.error).toBeNull();
    expect(result.filesTouched).toEqual(['hello.txt']);
    expect(result.usage).toMatchObject({ inputTokens: 200, outputTokens: 40, cacheReadTokens: 6, cacheWriteTokens: 14 });
    expect(result.usage?.costUsd).toBeGreaterThan(0);
  });

  it('an API retry (529) it recovered from is shown as activity and does not fail the run', async () => {
    const { result, activity } = await replay(claude, recorded('claude', 'retry-success'), 0);
    expect(result.completed).toBe(true);
    expect(result.rateLimit).toBeNull();
    expect(activity).toContainEqual(expect.stringMatching(/^API retry 1\/10 after 529 /));
  });

  it('no marker in the result: not done, and no error', async () => {
    const { result } = await replay(claude, recorded('claude', 'not-done'), 0);
    expect(result.completed).toBe(false);
    expect(result.error).toBeNull();
    expect(result.rateLimit).toBeNull();
  });

  it('API-key 429 (api_error_status 429, no rate_limit_event): a rate limit until claude\'s last retry delay', async () => {
    const before = Date.now();
    const { result } = await replay(claude, recorded('claude', 'rate-limit.1'), 1);
    expect(result.completed).toBe(false);
    // The recorded api_retry waited 2000 ms (the fake's retry-after: 2).
    expect(result.rateLimit?.resetAt).toBeGreaterThanOrEqual(before + 2000);
    expect(result.rateLimit?.resetAt).toBeLessThan(Date.now() + 2000 + 1000);
    expect(result.rateLimit?.message).toMatch(/Request rejected \(429\)/);
    expect(result.error).toMatch(/^rate limited: /);
  });

  it('the run after the wait: done', async () => {
    const { result } = await replay(claude, recorded('claude', 'rate-limit.2'), 0);
    expect(result.completed).toBe(true);
  });

  it('401: a hard failure with claude\'s error text, not a rate limit', async () => {
    const { result } = await replay(claude, recorded('claude', 'auth-failure'), 1);
    expect(result.completed).toBe(false);
    expect(result.rateLimit).toBeNull();
    expect(result.error).toMatch(/401|api key|authenticat/i);
  });

  it('a rejected rate_limit_event while on paid overage does not block a finished run', async () => {
    // Shape as verified with a claude.ai subscription (docs/AGENTS.md §7); a subscription cannot be faked locally.
    const overage = JSON.stringify({ type: 'rate_limit_event', rate_limit_info: { status: 'rejected', resetsAt: Math.floor(Date.now() / 1000) + 3600, rateLimitType: 'five_hour', isUsingOverage: true, overageStatus: 'allowed' } });
    const lines = recorded('claude', 'success');
    const { result } = await replay(claude, [lines[0]!, overage, ...lines.slice(1)], 0);
    expect(result.rateLimit).toBeNull();
    expect(result.completed).toBe(true);
  });

  it('as root the agent gets IS_SANDBOX=1 (claude accepts nothing else), otherwise nothing is added', async () => {
    expect(claudeSandboxEnv({}, 0)).toEqual({ IS_SANDBOX: '1' });
    expect(claudeSandboxEnv({ IS_SANDBOX: 'yes' }, 0)).toEqual({ IS_SANDBOX: '1' });
    expect(claudeSandboxEnv({ CLAUDE_CODE_BUBBLEWRAP: '1' }, 0)).toEqual({});
    expect(claudeSandboxEnv({}, 1000)).toEqual({});
    // The variable reaches the process: a stand-in claude echoes it as its result.
    const script = join(bin.dir, 'claude-env');
    writeFileSync(script, '#!/bin/sh\ncat >/dev/null\nprintf \'{"type":"result","subtype":"success","is_error":false,"result":"IS_SANDBOX=%s"}\\n\' "$IS_SANDBOX"\n');
    await chmod(script, 0o755);
    const { result } = await replay(createClaudeAdapter(script), [], 0);
    const expected = process.getuid?.() === 0 ? '1' : (process.env['IS_SANDBOX'] ?? '');
    expect(result.finalText).toBe(`IS_SANDBOX=${expected}`);
  });
});

describe('codex 0.171.0, recorded', () => {
  const codex = createCodexAdapter();

  it('the "Model metadata … not found" warning item: still done; cache writes counted', async () => {
    const { result, activity } = await replay(codex, recorded('codex', 'success-warning'), 0);
    expect(result.completed).toBe(true);
    expect(result.error).toBeNull();
    expect(activity).toContainEqual(expect.stringMatching(/^Model metadata for `conformance-model` not found/));
    // input_tokens 240 holds 40 cached and 10 cache-written.
    expect(result.usage).toEqual({ inputTokens: 190, outputTokens: 60, cacheReadTokens: 40, cacheWriteTokens: 10, costUsd: null });
  });

  it('"Reconnecting... 1/5" error events then turn.completed: done', async () => {
    const lines = recorded('codex', 'reconnect-success');
    expect(lines.some((line) => line.includes('Reconnecting... 1/5'))).toBe(true);
    const { result, activity } = await replay(codex, lines, 0);
    expect(result.completed).toBe(true);
    expect(result.error).toBeNull();
    expect(activity).toContainEqual(expect.stringMatching(/^Reconnecting\.\.\. 1\/5/));
  });

  it('no marker in the last agent message: not done, and no error', async () => {
    const { result } = await replay(codex, recorded('codex', 'not-done'), 0);
    expect(result.completed).toBe(false);
    expect(result.error).toBeNull();
  });

  it('usage limit ("try again at <time>"): a rate limit, not a failure', async () => {
    const { result } = await replay(codex, recorded('codex', 'usage-limit.1'), 1);
    expect(result.completed).toBe(false);
    expect(result.rateLimit?.message).toMatch(/hit your usage limit/);
    expect(result.rateLimit?.resetAt).toBeGreaterThan(Date.now());
  });

  it('the run after the wait: done', async () => {
    const { result } = await replay(codex, recorded('codex', 'usage-limit.2'), 0);
    expect(result.completed).toBe(true);
  });

  it('API 429 through all of codex\'s retries: a rate limit of a minute', async () => {
    const before = Date.now();
    const { result } = await replay(codex, recorded('codex', 'rate-limit-429'), 1);
    expect(result.rateLimit?.message).toMatch(/429 Too Many Requests/);
    expect(result.rateLimit?.resetAt).toBeGreaterThanOrEqual(before + API_RATE_LIMIT_WAIT_MS);
    expect(result.rateLimit?.resetAt).toBeLessThanOrEqual(Date.now() + API_RATE_LIMIT_WAIT_MS);
  });

  it('a 400 (turn.failed): a hard failure with the API\'s message', async () => {
    const { result } = await replay(codex, recorded('codex', 'bad-request'), 1);
    expect(result.completed).toBe(false);
    expect(result.rateLimit).toBeNull();
    expect(result.error).toBe("Invalid value for 'model': conformance-model does not exist.");
  });
});
