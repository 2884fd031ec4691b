/**
 * The real gemini-cli (pinned in agents.json) driven by `ralph-wt run --agent
 * gemini` against a fake Gemini API on 127.0.0.1 (GOOGLE_GEMINI_BASE_URL,
 * GEMINI_API_KEY, settings `security.auth.selectedType: "gemini-api-key"`).
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGeminiAdapter } from '../../src/agent/adapters/gemini.js';
import { nextOccurrence } from '../../src/agent/rate-limit.js';
import { runAgent } from '../../src/agent/run-agent.js';
import { pathWithAgent } from './lib/agent-bin.js';
import { geminiToolNames, googleError, startFakeGemini, writeGeminiSettings, type FakeGeminiOptions } from './lib/fake-gemini.js';
import { recordAgentStream } from './lib/record.js';
import { recordLog } from './lib/record-log.js';
import { eventsOf, makeTempHome, runRalph, STORY_ID, type RalphRun } from './lib/run-ralph.js';
import { canRunAs, normalUser, userId } from './lib/system-user.js';

/** RALPH_CONFORMANCE_USER, default ralphtest (.ci/run creates it); the normal-user case is skipped without it. */
const NORMAL_USER = normalUser();

const MARKER = '<promise>COMPLETE</promise>';
const FILE = 'hello.txt';
const ARGS = ['--model', 'gemini-2.5-flash', '--agent-timeout', '240'];
const runs: RalphRun[] = [];

afterAll(async () => {
  for (const run of runs) await run.repo.cleanup();
});

async function runGemini(fake: Omit<FakeGeminiOptions, 'file'>, asUser?: string) {
  const api = await startFakeGemini({ file: FILE, ...fake });
  const home = await makeTempHome();
  await writeGeminiSettings(home);
  try {
    const run = await runRalph({
      agent: 'gemini',
      ...(asUser ? { asUser } : {}),
      file: FILE,
      args: ARGS,
      env: { HOME: home, PATH: pathWithAgent('gemini'), GOOGLE_GEMINI_BASE_URL: api.url, GEMINI_API_KEY: 'test-key' },
    });
    runs.push(run);
    return { run, api };
  } finally {
    await api.close();
    await rm(home, { recursive: true, force: true });
  }
}

function failure(run: RalphRun): string {
  return eventsOf(run.events, 'story:failed')[0]?.reason ?? `(no story:failed; exit ${run.exitCode}; stderr ${run.stderr.slice(-500)})`;
}

describe('gemini (real CLI, fake Gemini API)', () => {
  it('success: gemini writes the file with its own write_file tool, then the marker passes the story', async () => {
    const { run, api } = await runGemini({ finalText: `Created ${FILE}.\n${MARKER}` });
    await recordAgentStream(run, 'gemini', 'success');
    expect(eventsOf(run.events, 'story:failed')).toEqual([]);
    expect(eventsOf(run.events, 'story:done').map((e) => e.storyId)).toEqual([STORY_ID]);
    expect(run.exitCode).toBe(0);
    expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe('written by the fake model\n');
    const turns = api.turns();
    expect(turns).toHaveLength(2);
    expect(geminiToolNames(turns[0]!)).toContain('write_file');
    expect(turns[0]!.url).toContain('/models/gemini-2.5-flash:streamGenerateContent');
    expect(turns[0]!.headers['x-goog-api-key']).toBe('test-key');
    const usage = eventsOf(run.events, 'story:usage')[0]?.usage;
    expect(usage?.inputTokens).toBeGreaterThan(0);
  });

  it('success after retries: a 503 the CLI retries itself does not fail the story', async () => {
    const { run, api } = await runGemini({
      finalText: `Done.\n${MARKER}`,
      fail: (turn) => (turn === 0 ? googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.') : null),
    });
    await recordAgentStream(run, 'gemini', 'retry');
    expect(eventsOf(run.events, 'story:failed')).toEqual([]);
    expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
    expect(api.turns().length).toBeGreaterThanOrEqual(3);
    expect(eventsOf(run.events, 'rate-limit')).toEqual([]);
    // One invocation: gemini retried inside itself.
    expect((await run.storyLogs()).join('\n').match(/^# \S+ agent=gemini/gm)).toHaveLength(1);
  });

  it('not done: an answer without the marker does not pass the story', async () => {
    const { run } = await runGemini({ finalText: 'I could not finish this story yet.' });
    await recordAgentStream(run, 'gemini', 'not-done');
    expect(eventsOf(run.events, 'story:done')).toEqual([]);
    expect(failure(run)).toContain('without reporting <promise>COMPLETE</promise>');
    expect(run.exitCode).toBe(1);
  });

  it('quota with a short reset: ralph-wt waits for it, then the retried iteration passes', async () => {
    const started = Date.now();
    const { run, api } = await runGemini({
      finalText: `Done.\n${MARKER}`,
      // "limit: 0" makes gemini give up at once (TerminalQuotaError) and print the delay the API named.
      fail: (turn) =>
        turn === 0
          ? googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota. * Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-2.5-flash\nPlease retry in 2.5s.')
          : null,
    });
    await recordAgentStream(run, 'gemini', 'quota');
    const limits = eventsOf(run.events, 'rate-limit');
    expect(limits).toHaveLength(1);
    expect(limits[0]!.message).toContain('Please retry in 2.5s');
    expect(limits[0]!.resetAt).toBeGreaterThan(started);
    expect(limits[0]!.resetAt).toBeLessThan(Date.now());
    expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
    expect(api.turns().length).toBe(3);
    expect((await run.storyLogs()).join('\n').match(/^# \S+ agent=gemini/gm)).toHaveLength(2);
  });

  it('daily quota: the real message becomes a rate limit resetting at midnight Pacific', async () => {
    // Driven through runAgent, not `ralph-wt run`: a run would wait until that midnight.
    const api = await startFakeGemini({
      file: FILE,
      finalText: MARKER,
      fail: () =>
        googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', quotaValue: '250' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' },
        ]),
    });
    const home = await makeTempHome();
    await writeGeminiSettings(home);
    const logFile = join(home, 'agent.log');
    try {
      const before = Date.now();
      const result = await runAgent({
        adapter: createGeminiAdapter(),
        prompt: `Create ${FILE}.`,
        cwd: home,
        env: { HOME: home, PATH: pathWithAgent('gemini'), GOOGLE_GEMINI_BASE_URL: api.url, GEMINI_API_KEY: 'test-key' },
        timeoutMs: 240_000,
        logFile,
        model: 'gemini-2.5-flash',
        extraArgs: [],
      });
      await recordLog(logFile, 'gemini', 'daily-quota');
      expect(result.completed).toBe(false);
      expect(result.exitCode).not.toBe(0);
      expect(result.rateLimit?.message).toBe('You have exhausted your daily quota on this model.');
      const midnights = [nextOccurrence(0, 0, 'America/Los_Angeles', before), nextOccurrence(0, 0, 'America/Los_Angeles', Date.now())];
      expect(midnights).toContain(result.rateLimit?.resetAt);
      expect(api.turns()).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('hard failure: a rejected API key fails the story with the API message', async () => {
    const { run, api } = await runGemini({
      finalText: MARKER,
      fail: () => googleError(401, 'UNAUTHENTICATED', 'API key not valid. Please pass a valid API key.'),
    });
    await recordAgentStream(run, 'gemini', 'auth-error');
    expect(failure(run)).toContain('API error 401 UNAUTHENTICATED: API key not valid. Please pass a valid API key.');
    expect(eventsOf(run.events, 'rate-limit')).toEqual([]);
    expect(api.turns()).toHaveLength(1);
    expect(run.exitCode).toBe(1);
  });

  (canRunAs(NORMAL_USER) ? it : it.skip)(`success as the normal user ${NORMAL_USER}`, async () => {
    const { run } = await runGemini({ finalText: `Done.\n${MARKER}` }, NORMAL_USER);
    expect(eventsOf(run.events, 'story:failed')).toEqual([]);
    expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
    expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe('written by the fake model\n');
    expect((await stat(join(run.repo.dir, FILE))).uid).toBe(userId(NORMAL_USER));
  });
});
