/**
 * The real amp (@ampcode/cli, pinned in agents.json). Amp's model runs behind
 * ampcode.com and cannot be faked, so only what happens before a model turn is
 * verified: a logged-out amp, and a key amp's server rejects (a 401 from a
 * stand-in at AMP_URL on 127.0.0.1).
 */
import { rm } from 'node:fs/promises';
import { AMP_NOT_LOGGED_IN } from '../../src/agent/adapters/amp.js';
import { pathWithAgent } from './lib/agent-bin.js';
import { sendJson, startFakeApi } from './lib/fake-api.js';
import { checkRun, eventsOf, makeTempHome, runRalph, type RalphRun } from './lib/run-ralph.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runAmp(env: Record<string, string>): Promise<RalphRun> {
  const home = await makeTempHome();
  const run = await runRalph({ agent: 'amp', args: ['--agent-timeout', '120'], env: { HOME: home, PATH: pathWithAgent('amp'), ...env } });
  cleanups.push(() => run.repo.cleanup(), () => rm(home, { recursive: true, force: true }));
  return run;
}

describe('amp (real CLI, no model)', () => {
  it('logged out: the story fails saying to run `amp login`, not with the login prompt', async () => {
    const closed = await startFakeApi((_request, res) => sendJson(res, 503, { error: 'not amp' }));
    cleanups.push(() => closed.close());
    // No AMP_API_KEY; AMP_URL keeps anything amp might try on 127.0.0.1.
    const run = await runAmp({ AMP_URL: closed.url, AMP_API_KEY: '' });
    await checkRun(run, async () => {
      expect(eventsOf(run.events, 'story:done')).toEqual([]);
      expect(eventsOf(run.events, 'story:failed')[0]?.reason).toContain(AMP_NOT_LOGGED_IN);
      expect((await run.storyLogs()).join('\n')).toContain('When prompted, paste your code here:');
    });
  });

  it('a key amp rejects: the story fails with amp\'s own "amp login" advice', async () => {
    const server = await startFakeApi((_request, res) => sendJson(res, 401, { error: 'Unauthorized', message: 'Invalid API key' }));
    cleanups.push(() => server.close());
    const run = await runAmp({ AMP_URL: server.url, AMP_API_KEY: 'sgamp_conformance' });
    await checkRun(run, () => {
      expect(eventsOf(run.events, 'story:done')).toEqual([]);
      expect(eventsOf(run.events, 'story:failed')[0]?.reason).toContain("Invalid or missing API key. Run 'amp login' to authenticate.");
      expect(server.requests.some((request) => request.url.includes('getUserInfo'))).toBe(true);
    });
  });
});
