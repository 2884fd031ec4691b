/**
 * The real `claude` (pinned in agents.json) driven by `ralph-wt run --agent
 * claude` against a fake Anthropic Messages API on 127.0.0.1.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPLETION_MARKER } from '../../src/agent/completion.js';
import { pathWithAgent } from './lib/agent-bin.js';
import { recordAgentStream } from './lib/record.js';
import { checkRun, eventsOf, makeTempHome, runRalph, STORY_ID, type RalphRun } from './lib/run-ralph.js';
import { canRunAs, normalUser, userId, runningAsRoot } from './lib/system-user.js';
import { startAnthropicFake, toolNames, type AnthropicFake, type AnthropicScript } from './providers/anthropic.js';
import type { ErrorReply } from './providers/reply.js';

const NORMAL_USER = normalUser();
const FILE = 'hello.txt';
const CONTENT = 'hello from claude\n';
const DONE = `Created ${FILE}.\n${COMPLETION_MARKER}`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runClaude(script: Omit<AnthropicScript, 'file' | 'content'>, options: { env?: Record<string, string>; args?: string[]; asUser?: string } = {}): Promise<{ run: RalphRun; api: AnthropicFake }> {
  const api = await startAnthropicFake({ file: FILE, content: CONTENT, ...script });
  const home = await makeTempHome();
  cleanups.push(() => api.close(), () => rm(home, { recursive: true, force: true }));
  const run = await runRalph({
    agent: 'claude',
    args: ['--agent-timeout', '240', ...(options.args ?? [])],
    ...(options.asUser ? { asUser: options.asUser } : {}),
    env: {
      HOME: home,
      PATH: pathWithAgent('claude'),
      ANTHROPIC_BASE_URL: api.url,
      ANTHROPIC_API_KEY: 'sk-ant-conformance',
      // No telemetry, update checks or other calls leaving 127.0.0.1.
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      ...options.env,
    },
  });
  cleanups.push(() => run.repo.cleanup());
  return { run, api };
}


async function storyPassed(run: RalphRun): Promise<boolean> {
  const prd = JSON.parse(await readFile(join(run.repo.dir, 'prd.json'), 'utf8')) as { userStories: { id: string; passes: boolean }[] };
  return prd.userStories.find((story) => story.id === STORY_ID)?.passes === true;
}

function rateLimited(retryAfterSeconds: number): ErrorReply {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { type: 'error', error: { type: 'rate_limit_error', message: "This request would exceed your account's rate limit. Please try again later." } },
  };
}

describe('claude (real CLI) through ralph-wt', () => {
  test('success: Write creates the file, the marker ends the story, usage is reported', async () => {
    const { run, api } = await runClaude({ finalText: DONE });
    await recordAgentStream(run, 'claude', 'success');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(run.exitCode).toBe(0);
      expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe(CONTENT);
      expect(await storyPassed(run)).toBe(true);
      expect(toolNames(api.mainRequests()[0]!)).toContain('Write');
      // Two turns of the fake (100 input / 20 output, cache 3 read / 7 written, each).
      const usage = eventsOf(run.events, 'story:usage').at(-1)?.usage;
      expect(usage).toMatchObject({ inputTokens: 200, outputTokens: 40, cacheReadTokens: 6, cacheWriteTokens: 14 });
      if (runningAsRoot()) {
        // claude refuses --dangerously-skip-permissions as root without IS_SANDBOX=1; ralph-wt adds it.
        expect((await run.storyLogs()).join('\n')).not.toContain('root/sudo');
      }
    });
  }, 300_000);

  test('success after API retries: an overloaded 529 is retried by claude itself and the run still passes', async () => {
    const overloaded: ErrorReply = { status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } };
    const { run, api } = await runClaude({ finalText: DONE, steps: [overloaded] });
    await recordAgentStream(run, 'claude', 'retry-success');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(api.mainRequests().length).toBeGreaterThanOrEqual(3);
      expect(eventsOf(run.events, 'story:activity').map((event) => event.text).join('\n')).toMatch(/retry/i);
      expect(await storyPassed(run)).toBe(true);
    });
  }, 300_000);

  test('not done: no marker in the final text leaves the story not passed', async () => {
    const { run } = await runClaude({ finalText: 'I wrote the file but the story is not finished yet.' });
    await recordAgentStream(run, 'claude', 'not-done');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(0);
      expect(eventsOf(run.events, 'story:failed').at(-1)?.reason).toMatch(/without reporting <promise>COMPLETE<\/promise>/);
      expect(await storyPassed(run)).toBe(false);
    });
  }, 300_000);

  test('API 429: ralph-wt waits out the rate limit (no iteration burned), then the story passes', async () => {
    // Two 429s: claude's one allowed retry (after retry-after) fails too; the next run gets through.
    const { run, api } = await runClaude(
      { finalText: DONE, steps: [rateLimited(2), rateLimited(2)] },
      { env: { CLAUDE_CODE_MAX_RETRIES: '1' } },
    );
    await recordAgentStream(run, 'claude', 'rate-limit');
    await checkRun(run, async () => {
      const waits = eventsOf(run.events, 'rate-limit');
      expect(waits.length).toBe(1);
      expect(waits[0]!.message).toMatch(/429/);
      expect(eventsOf(run.events, 'story:iteration')).toHaveLength(1);
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(api.mainRequests().length).toBeGreaterThanOrEqual(4);
      expect(await storyPassed(run)).toBe(true);
    });
  }, 300_000);

  test('hard failure: a rejected API key fails the story with the API error as its reason', async () => {
    const unauthorized: ErrorReply = { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
    // claude retries a 401 ten times with backoff (3 minutes); no retries keep the case short.
    const { run } = await runClaude({ finalText: DONE, steps: Array<ErrorReply>(30).fill(unauthorized) }, { env: { CLAUDE_CODE_MAX_RETRIES: '0' } });
    await recordAgentStream(run, 'claude', 'auth-failure');
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(0);
      expect(eventsOf(run.events, 'rate-limit')).toHaveLength(0);
      const reason = eventsOf(run.events, 'story:failed').at(-1)?.reason ?? '';
      expect(reason).toMatch(/401|api key|authentication/i);
      expect(await storyPassed(run)).toBe(false);
    });
  }, 300_000);

  // Skipped (and listed as skipped) unless root with that user present: `useradd -m ralphtest`.
  (canRunAs(NORMAL_USER) ? test : test.skip)(`success as the normal user ${NORMAL_USER}`, async () => {
    const { run } = await runClaude({ finalText: DONE }, { asUser: NORMAL_USER });
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toHaveLength(1);
      expect(await readFile(join(run.repo.dir, FILE), 'utf8')).toBe(CONTENT);
      // Written by the agent running as that user, not by root.
      expect((await stat(join(run.repo.dir, FILE))).uid).toBe(userId(NORMAL_USER));
    });
  }, 300_000);
});
