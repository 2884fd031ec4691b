/**
 * The real opencode (pinned in agents.json) driven by `ralph-wt run --agent
 * opencode` against a fake OpenAI Chat Completions API on 127.0.0.1: an
 * openai-compatible provider whose `options.baseURL` points at it, given in
 * OPENCODE_CONFIG_CONTENT so nothing is written into the repo. The provider
 * package is bundled in the opencode binary: nothing is fetched at run time.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathWithAgent } from './lib/agent-bin.js';
import { chatToolNames, openAiError, startFakeOpenAiChat, workingDirectory, type FakeOpenAiChatOptions } from './lib/fake-openai-chat.js';
import { recordAgentStream } from './lib/record.js';
import { eventsOf, makeTempHome, runRalph, STORY_ID, type RalphRun } from './lib/run-ralph.js';
import { canRunAs, normalUser, userId } from './lib/system-user.js';

/** RALPH_CONFORMANCE_USER, default ralphtest (.ci/run creates it); the normal-user case is skipped without it. */
const NORMAL_USER = normalUser();

const MARKER = '<promise>COMPLETE</promise>';
const FILE = 'hello.txt';
const ARGS = ['--model', 'fake/fake-model', '--agent-timeout', '240'];
const runs: RalphRun[] = [];

afterAll(async () => {
  for (const run of runs) await run.repo.cleanup();
});

/** HOME and the XDG dirs in a temp dir, the provider config, and no network lookups of opencode's own. */
function opencodeEnv(home: string, baseUrl: string): Record<string, string> {
  const config = {
    provider: {
      fake: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Fake',
        options: { baseURL: `${baseUrl}/v1`, apiKey: 'test-key' },
        models: { 'fake-model': { name: 'fake-model', tool_call: true } },
      },
    },
  };
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    PATH: pathWithAgent('opencode'),
    OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
  };
}

async function runOpencode(fake: Omit<FakeOpenAiChatOptions, 'file'>, asUser?: string) {
  const api = await startFakeOpenAiChat({ file: FILE, ...fake });
  const home = await makeTempHome();
  try {
    const run = await runRalph({ agent: 'opencode', file: FILE, args: ARGS, env: opencodeEnv(home, api.url), ...(asUser ? { asUser } : {}) });
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

async function invocationCount(run: RalphRun): Promise<number> {
  return (await run.storyLogs()).join('\n').match(/^# \S+ agent=opencode/gm)?.length ?? 0;
}

describe('opencode (real CLI, fake OpenAI-compatible API)', () => {
  it('success: opencode writes the file with its own write tool (--auto), then the marker passes the story', async () => {
    const { run, api } = await runOpencode({ finalText: `Created ${FILE}.\n${MARKER}` });
    await recordAgentStream(run, 'opencode', 'success');
    expect(eventsOf(run.events, 'story:failed')).toEqual([]);
    expect(eventsOf(run.events, 'story:done').map((e) => e.storyId)).toEqual([STORY_ID]);
    expect(run.exitCode).toBe(0);
    expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe('written by the fake model\n');
    const turns = api.turns();
    expect(turns).toHaveLength(2);
    expect(chatToolNames(turns[0]!)).toContain('write');
    // The story's checkout, although the test process's PWD is elsewhere (opencode prefers $PWD to its cwd).
    expect(workingDirectory(turns[0]!)).toBe(run.repo.dir);
    expect(turns[0]!.headers['authorization']).toBe('Bearer test-key');
    const logs = (await run.storyLogs()).join('\n');
    expect(logs).toMatch(/agent=opencode \$ opencode run --format json --auto -m fake\/fake-model/);
    expect(eventsOf(run.events, 'story:usage')[0]?.usage.inputTokens).toBeGreaterThan(0);
  });

  it('success after retries: a 503 opencode retries itself does not fail the story', async () => {
    const { run, api } = await runOpencode({
      finalText: `Done.\n${MARKER}`,
      fail: (turn) => (turn === 0 ? openAiError(503, 'The server is overloaded, please try again.', 'server_error') : null),
    });
    await recordAgentStream(run, 'opencode', 'retry');
    expect(eventsOf(run.events, 'story:failed')).toEqual([]);
    expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
    expect(api.turns().length).toBeGreaterThanOrEqual(3);
    expect(await invocationCount(run)).toBe(1);
  });

  it('not done: an answer without the marker does not pass the story', async () => {
    const { run } = await runOpencode({ finalText: 'I could not finish this story yet.' });
    await recordAgentStream(run, 'opencode', 'not-done');
    expect(eventsOf(run.events, 'story:done')).toEqual([]);
    expect(failure(run)).toContain('without reporting <promise>COMPLETE</promise>');
    expect(run.exitCode).toBe(1);
  });

  it('rate limit: 429s until opencode gives up → ralph-wt waits for retry-after, then the retried iteration passes', async () => {
    const started = Date.now();
    let limitedSession: unknown = null;
    const { run, api } = await runOpencode({
      finalText: `Done.\n${MARKER}`,
      // Every turn of the first opencode session is refused (opencode retries a 429 several times by itself).
      fail: (_turn, request) => {
        limitedSession ??= request.headers['x-session-id'] ?? 'first';
        const session = request.headers['x-session-id'] ?? 'first';
        return session === limitedSession
          ? openAiError(429, 'Rate limit reached for requests. Please try again in 2s.', 'requests', 'rate_limit_exceeded', { 'retry-after': '2' })
          : null;
      },
    });
    await recordAgentStream(run, 'opencode', 'rate-limit');
    const limits = eventsOf(run.events, 'rate-limit');
    expect(limits).toHaveLength(1);
    expect(limits[0]!.message).toContain('API error 429: Rate limit reached for requests.');
    expect(limits[0]!.resetAt).toBeGreaterThan(started);
    expect(limits[0]!.resetAt).toBeLessThan(Date.now());
    expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
    expect(await invocationCount(run)).toBe(2);
    expect(api.turns().length).toBeGreaterThanOrEqual(3);
  });

  it('hard failure: a rejected API key fails the story with the API message', async () => {
    const { run, api } = await runOpencode({
      finalText: MARKER,
      fail: () => openAiError(401, 'Incorrect API key provided: test-key.', 'invalid_request_error', 'invalid_api_key'),
    });
    await recordAgentStream(run, 'opencode', 'auth-error');
    expect(failure(run)).toContain('API error 401: Incorrect API key provided: test-key.');
    expect(eventsOf(run.events, 'rate-limit')).toEqual([]);
    expect(api.turns()).toHaveLength(1);
    expect(run.exitCode).toBe(1);
  });

  (canRunAs(NORMAL_USER) ? it : it.skip)(`success as the normal user ${NORMAL_USER}`, async () => {
    const { run } = await runOpencode({ finalText: `Done.\n${MARKER}` }, NORMAL_USER);
    expect(eventsOf(run.events, 'story:failed')).toEqual([]);
    expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
    expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe('written by the fake model\n');
    expect((await stat(join(run.repo.dir, FILE))).uid).toBe(userId(NORMAL_USER));
  });
});
