/**
 * Replays what the real gemini-cli 0.61.0 and opencode 1.18.33 printed in the
 * conformance suite (test/conformance/{gemini,opencode}.test.ts, recorded with
 * RECORD_AGENT_STREAMS=1 into test/fixtures/agent-streams/) through the
 * adapters, so their verdicts stay right without the CLIs installed.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseGeminiLine } from '../../src/agent/adapters/gemini.js';
import { createOpencodeAdapter, parseOpencodeLine } from '../../src/agent/adapters/opencode.js';
import { hasCompletionMarker } from '../../src/agent/completion.js';
import { nextOccurrence } from '../../src/agent/rate-limit.js';
import { runAgent } from '../../src/agent/run-agent.js';
import { createStreamState, type AgentStreamState } from '../../src/agent/types.js';
import { tempDir } from './helpers.js';

const FIXTURES = resolve('test/fixtures/agent-streams');

async function replay(agent: 'gemini' | 'opencode', name: string): Promise<AgentStreamState> {
  const parse = agent === 'gemini' ? parseGeminiLine : parseOpencodeLine;
  const state = createStreamState();
  for (const line of (await readFile(join(FIXTURES, agent, `${name}.jsonl`), 'utf8')).split('\n')) {
    if (line.trim() !== '') parse(line, state);
  }
  return state;
}

function expectPassed(state: AgentStreamState): void {
  expect(state.isError).toBe(false);
  expect(state.rateLimit).toBeNull();
  expect(state.finalSeen).toBe(true);
  expect(hasCompletionMarker(state.finalText)).toBe(true);
  expect(state.usage?.inputTokens).toBeGreaterThan(0);
}

describe('recorded gemini-cli 0.61.0 streams', () => {
  it.each(['success', 'retry', 'quota.2'])('%s: the write_file call is seen and the marker passes', async (name) => {
    const state = await replay('gemini', name);
    expectPassed(state);
    expect([...state.filesTouched]).toEqual(['hello.txt']);
  });

  it('not-done: a clean finish without the marker', async () => {
    const state = await replay('gemini', 'not-done');
    expect(state.isError).toBe(false);
    expect(state.finalSeen).toBe(true);
    expect(hasCompletionMarker(state.finalText)).toBe(false);
  });

  it('quota.1: the terminal quota error waits the delay the API named', async () => {
    const before = Date.now();
    const state = await replay('gemini', 'quota.1');
    expect(state.isError).toBe(true);
    expect(state.rateLimit?.message).toContain('Please retry in 2.5s');
    expect(state.rateLimit?.resetAt).toBeGreaterThanOrEqual(before + 2500);
    expect(state.rateLimit?.resetAt).toBeLessThanOrEqual(Date.now() + 2500);
  });

  it('daily-quota: waits until midnight Pacific', async () => {
    const before = Date.now();
    const state = await replay('gemini', 'daily-quota');
    expect(state.rateLimit?.message).toBe('You have exhausted your daily quota on this model.');
    expect([nextOccurrence(0, 0, 'America/Los_Angeles', before), nextOccurrence(0, 0, 'America/Los_Angeles', Date.now())]).toContain(state.rateLimit?.resetAt);
  });

  it('auth-error: a failure with the API message, not a rate limit', async () => {
    const state = await replay('gemini', 'auth-error');
    expect(state.isError).toBe(true);
    expect(state.rateLimit).toBeNull();
    expect(state.errorMessage).toBe('API error 401 UNAUTHENTICATED: API key not valid. Please pass a valid API key.');
  });
});

describe('recorded opencode 1.18.33 streams', () => {
  it.each(['success', 'retry', 'rate-limit.2'])('%s: the write call is seen and the final step_finish (reason stop) ends it', async (name) => {
    const state = await replay('opencode', name);
    expectPassed(state);
    expect([...state.filesTouched].map((path) => path.split('/').pop())).toEqual(['hello.txt']);
  });

  it('not-done: the final step ends it without the marker', async () => {
    const state = await replay('opencode', 'not-done');
    expect(state.isError).toBe(false);
    expect(state.finalSeen).toBe(true);
    expect(hasCompletionMarker(state.finalText)).toBe(false);
  });

  it('rate-limit.1: the 429 opencode gave up on waits for its retry-after', async () => {
    const before = Date.now();
    const state = await replay('opencode', 'rate-limit.1');
    expect(state.isError).toBe(true);
    expect(state.finalSeen).toBe(true);
    expect(state.rateLimit?.message).toBe('API error 429: Rate limit reached for requests. Please try again in 2s.');
    expect(state.rateLimit?.resetAt).toBeGreaterThanOrEqual(before + 2000);
    expect(state.rateLimit?.resetAt).toBeLessThanOrEqual(Date.now() + 2000);
  });

  it('auth-error: a failure with the API message, not a rate limit', async () => {
    const state = await replay('opencode', 'auth-error');
    expect(state.isError).toBe(true);
    expect(state.rateLimit).toBeNull();
    expect(state.errorMessage).toBe('API error 401: Incorrect API key provided: test-key.');
  });

  it('an opencode that lingers after its recorded final event is ended and still counts as done', async () => {
    const dir = await tempDir('opencode-linger');
    const fake = join(dir, 'opencode');
    const stream = await readFile(join(FIXTURES, 'opencode', 'success.jsonl'), 'utf8');
    await writeFile(fake, `#!/usr/bin/env node\nprocess.stdout.write(${JSON.stringify(stream)});\nsetInterval(() => {}, 1e9);\n`);
    await chmod(fake, 0o755);
    const result = await runAgent({
      adapter: createOpencodeAdapter(fake), prompt: 'p', cwd: dir, env: {}, timeoutMs: 60_000, finalExitGraceMs: 200, killGraceMs: 300,
      logFile: join(dir, 'log'), model: null, extraArgs: [],
    });
    expect(result.timedOut).toBe(false);
    expect(result.error).toBeNull();
    expect(result.completed).toBe(true);
  });
});
