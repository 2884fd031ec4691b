/**
 * The real `codex` (pinned in agents.json) driven by `ralph-wt run --agent
 * codex` against a fake OpenAI Responses API on 127.0.0.1, configured as a
 * `[model_providers.fake]` table in a temp `$HOME/.codex/config.toml`.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPLETION_MARKER } from '../../src/agent/completion.js';
import { pathWithAgent } from './lib/agent-bin.js';
import { recordAgentStream } from './lib/record.js';
import { checkRun, eventsOf, makeTempHome, runRalph, STORY_ID, type RalphRun } from './lib/run-ralph.js';
import { canRunAs, normalUser, userId } from './lib/system-user.js';
import { CODEX_KEY_ENV, startOpenAiFake, toolNames, writeCodexConfig, type OpenAiFake, type OpenAiScript } from './providers/openai.js';
import type { ErrorReply } from './providers/reply.js';

const NORMAL_USER = normalUser();
const FILE = 'hello.txt';
const CONTENT = 'hello from codex\n';
/** A model name codex has no metadata for: it warns ("Model metadata … not found") and goes on. */
const MODEL = 'conformance-model';
const DONE = `Created ${FILE}.\n${COMPLETION_MARKER}`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runCodex(script: Omit<OpenAiScript, 'command'>, options: { config?: string[]; files?: Record<string, string>; asUser?: string } = {}): Promise<{ run: RalphRun; api: OpenAiFake }> {
  const api = await startOpenAiFake({ command: `printf 'hello from codex\\n' > ${FILE}`, ...script });
  const home = await makeTempHome();
  await writeCodexConfig(home, api.url, MODEL, options.config ?? []);
  cleanups.push(() => api.close(), () => rm(home, { recursive: true, force: true }));
  const run = await runRalph({
    agent: 'codex',
    args: ['--agent-timeout', '240', '--model', MODEL],
    ...(options.files ? { files: options.files } : {}),
    ...(options.asUser ? { asUser: options.asUser } : {}),
    env: { HOME: home, CODEX_HOME: join(home, '.codex'), PATH: pathWithAgent('codex'), [CODEX_KEY_ENV]: 'sk-conformance' },
  });
  cleanups.push(() => run.repo.cleanup());
  return { run, api };
}

async function storyPassed(run: RalphRun): Promise<boolean> {
  const prd = JSON.parse(await readFile(join(run.repo.dir, 'prd.json'), 'utf8')) as { userStories: { id: string; passes: boolean }[] };
  return prd.userStories.find((story) => story.id === STORY_ID)?.passes === true;
}

describe('codex (real CLI) through ralph-wt', () => {
  test('success with warnings: the "Model metadata … not found" warning item does not fail a finished run', async () => {
    const { run, api } = await runCodex({ finalText: DONE });
    await recordAgentStream(run, 'codex', 'success-warning');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(run.exitCode).toBe(0);
      expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe(CONTENT);
      expect(await storyPassed(run)).toBe(true);
      expect(toolNames(api.mainRequests()[0]!)).toContain('exec_command');
      expect((await run.storyLogs()).join('\n')).toContain('Model metadata for');
      // Two responses of the fake: 120 input (20 cached, 5 cache-written) and 30 output tokens each.
      const usage = eventsOf(run.events, 'story:usage').at(-1)?.usage;
      expect(usage).toMatchObject({ inputTokens: 190, outputTokens: 60, cacheReadTokens: 40, cacheWriteTokens: 10 });
    });
  }, 300_000);

  test('success after reconnects: a 503 and a cut stream ("Reconnecting... 1/5") still pass', async () => {
    const unavailable: ErrorReply = { status: 503, body: { error: { message: 'upstream unavailable', type: 'server_error' } } };
    const { run, api } = await runCodex({ finalText: DONE, steps: [unavailable, 'drop'] });
    await recordAgentStream(run, 'codex', 'reconnect-success');
    await checkRun(run, async () => {
      expect((await run.storyLogs()).join('\n')).toContain('Reconnecting... 1/5');
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(api.mainRequests().length).toBeGreaterThanOrEqual(4);
      expect(await storyPassed(run)).toBe(true);
    });
  }, 300_000);

  test('not done: no marker in the last agent message leaves the story not passed', async () => {
    const { run } = await runCodex({ finalText: 'The file exists but I have not finished the story.' });
    await recordAgentStream(run, 'codex', 'not-done');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(0);
      expect(eventsOf(run.events, 'story:failed').at(-1)?.reason).toMatch(/without reporting <promise>COMPLETE<\/promise>/);
      expect(await storyPassed(run)).toBe(false);
    });
  }, 300_000);

  test('usage limit (429 usage_limit_reached): ralph-wt waits until "try again at <time>", then the story passes', async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 3;
    const limit: ErrorReply = {
      status: 429,
      body: { error: { type: 'usage_limit_reached', message: 'The usage limit has been reached', plan_type: 'plus', resets_at: resetsAt, resets_in_seconds: 3 } },
    };
    const { run, api } = await runCodex({ finalText: DONE, steps: [limit] });
    await recordAgentStream(run, 'codex', 'usage-limit');
    await checkRun(run, async () => {
      const waits = eventsOf(run.events, 'rate-limit');
      expect(waits).toHaveLength(1);
      expect(waits[0]!.message).toMatch(/usage limit/);
      // codex prints the reset to the minute, so the wait ends by the end of that minute.
      expect(waits[0]!.resetAt).toBeLessThanOrEqual(resetsAt * 1000 + 61_000);
      expect(eventsOf(run.events, 'story:iteration')).toHaveLength(1);
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(api.mainRequests().length).toBeGreaterThanOrEqual(3);
      expect(await storyPassed(run)).toBe(true);
    });
  }, 300_000);

  test('API 429 after codex\'s own retries is reported as a rate limit, not as a failed run', async () => {
    const tooMany: ErrorReply = {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { message: 'Rate limit reached for requests per min (RPM). Please try again in 1s.', type: 'requests', code: 'rate_limit_exceeded' } },
    };
    // One stream retry keeps codex short; rateLimit.maxWait 1 makes ralph-wt report the limit instead of waiting a minute.
    const { run } = await runCodex(
      { finalText: DONE, steps: Array<ErrorReply>(20).fill(tooMany) },
      { config: ['request_max_retries = 0', 'stream_max_retries = 1'], files: { '.ralphrc': 'rateLimit:\n  maxWait: 1\n' } },
    );
    await recordAgentStream(run, 'codex', 'rate-limit-429');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(0);
      expect(eventsOf(run.events, 'story:failed').at(-1)?.reason).toMatch(/usage limit: .*429/);
    });
  }, 300_000);

  test('hard failure: a 400 from the API fails the story with codex\'s error as its reason', async () => {
    const badRequest: ErrorReply = {
      status: 400,
      body: { error: { message: `Invalid value for 'model': ${MODEL} does not exist.`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } },
    };
    const { run } = await runCodex({ finalText: DONE, steps: Array<ErrorReply>(20).fill(badRequest) });
    await recordAgentStream(run, 'codex', 'bad-request');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(0);
      expect(eventsOf(run.events, 'rate-limit')).toHaveLength(0);
      expect(eventsOf(run.events, 'story:failed').at(-1)?.reason).toMatch(/does not exist/);
      expect(await storyPassed(run)).toBe(false);
    });
  }, 300_000);

  // Skipped (and listed as skipped) unless root with that user present: `useradd -m ralphtest`.
  (canRunAs(NORMAL_USER) ? test : test.skip)(`success as the normal user ${NORMAL_USER}`, async () => {
    const { run } = await runCodex({ finalText: DONE }, { asUser: NORMAL_USER });
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe(CONTENT);
      // Written by the agent running as that user, not by root.
      expect((await stat(join(run.repo.dir, FILE))).uid).toBe(userId(NORMAL_USER));
    });
  }, 300_000);
});
