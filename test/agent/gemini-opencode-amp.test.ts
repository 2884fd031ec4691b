import { installCommand } from '../../src/agent/install-hints.js';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AMP_NOT_LOGGED_IN, createAmpAdapter, parseAmpLine } from '../../src/agent/adapters/amp.js';
import { parseDelay } from '../../src/agent/adapters/delay.js';
import { geminiErrorText, geminiRateLimit } from '../../src/agent/adapters/gemini-quota.js';
import { createGeminiAdapter, parseGeminiLine } from '../../src/agent/adapters/gemini.js';
import { opencodeError } from '../../src/agent/adapters/opencode-error.js';
import { createOpencodeAdapter, parseOpencodeLine } from '../../src/agent/adapters/opencode.js';
import { nextOccurrence, UNKNOWN_RESET_MS } from '../../src/agent/rate-limit.js';
import { runAgent } from '../../src/agent/run-agent.js';
import { createStreamState } from '../../src/agent/types.js';
import { tempDir } from './helpers.js';

const NOW = Date.UTC(2026, 11, 3, 22, 0, 0);
const OPTIONS = { cwd: '/w', model: null, extraArgs: [] };

describe('parseDelay', () => {
  it.each([
    ['3.5s', 3500],
    ['250ms', 250],
    ['19h23m50s', 19 * 3_600_000 + 23 * 60_000 + 50_000],
    ['400s', 400_000],
    ['soon', null],
  ])('%s → %s ms', (text, ms) => {
    expect(parseDelay(text)).toBe(ms);
  });
});

describe('gemini quota errors', () => {
  it('waits for the delay the API names ("Please retry in …s")', () => {
    const text = '[API Error: You exceeded your current quota. * Quota exceeded for metric: x, limit: 0, model: gemini-2.5-pro\nPlease retry in 35.5s.]\nPlease wait and try again later.';
    expect(geminiRateLimit(text, NOW)?.resetAt).toBe(NOW + 35_500);
  });

  it('reads "Suggested retry after" and "Your quota will reset after"', () => {
    expect(geminiRateLimit('Quota exceeded for quota metric.\nSuggested retry after 400s.', NOW)?.resetAt).toBe(NOW + 400_000);
    expect(geminiRateLimit('You have exhausted your capacity on this model. Your quota will reset after 1h2m3s.', NOW)?.resetAt).toBe(NOW + 3_723_000);
  });

  it('a daily quota resets at the next midnight Pacific', () => {
    const limit = geminiRateLimit('[API Error: You have exhausted your daily quota on this model.]\nPlease wait and try again later.', NOW);
    expect(limit?.resetAt).toBe(nextOccurrence(0, 0, 'America/Los_Angeles', NOW));
    expect(limit?.message).toBe('You have exhausted your daily quota on this model.');
  });

  it('a 429 RESOURCE_EXHAUSTED without a time waits the default', () => {
    const text = '[API Error: {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]';
    const limit = geminiRateLimit(text, NOW);
    expect(limit?.resetAt).toBe(NOW + UNKNOWN_RESET_MS);
    expect(limit?.message).toBe('API error 429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).');
  });

  it('other errors are not rate limits', () => {
    expect(geminiRateLimit('[API Error: {"error":{"code":401,"message":"API key not valid.","status":"UNAUTHENTICATED"}}]', NOW)).toBeNull();
    expect(geminiRateLimit('Error executing tool write_file: permission denied', NOW)).toBeNull();
  });

  it('pulls the message out of a wrapped API error', () => {
    expect(geminiErrorText('[API Error: {"error":{"code":400,"message":"Bad model","status":"INVALID_ARGUMENT"}}]')).toBe('API error 400 INVALID_ARGUMENT: Bad model');
    expect(geminiErrorText('plain failure')).toBe('plain failure');
  });

  it('a quota warning does not stop a run gemini then finishes; a quota error does', () => {
    const warned = createStreamState();
    parseGeminiLine(JSON.stringify({ type: 'error', severity: 'warning', message: 'Quota exceeded. Please retry in 3s.' }), warned);
    expect(warned.rateLimit).toBeNull();
    expect(warned.isError).toBe(false);
    const failed = createStreamState();
    parseGeminiLine(JSON.stringify({ type: 'error', severity: 'error', message: 'Quota exceeded. Please retry in 3s.' }), failed);
    expect(failed.rateLimit).not.toBeNull();
    expect(failed.isError).toBe(true);
  });

  it('the install hint names the package', () => {
    expect(installCommand(createGeminiAdapter().name)).toBe('npm install -g @google/gemini-cli');
  });
});

describe('opencode', () => {
  it('runs with --auto so permission asks are not auto-rejected', () => {
    expect(createOpencodeAdapter().invocation('do it', { ...OPTIONS, model: 'p/m' }).args).toEqual(['run', '--format', 'json', '--auto', '-m', 'p/m', 'do it']);
  });

  it('a step that stops is the final event; one that calls tools is not', () => {
    const state = createStreamState();
    parseOpencodeLine(JSON.stringify({ type: 'step_finish', part: { id: 'a', reason: 'tool-calls', tokens: { input: 1, output: 1 } } }), state);
    expect(state.finalSeen).toBe(false);
    parseOpencodeLine(JSON.stringify({ type: 'step_finish', part: { id: 'b', reason: 'stop', tokens: { input: 1, output: 1 } } }), state);
    expect(state.finalSeen).toBe(true);
  });

  it('a 429 error event is a rate limit until retry-after, and ends the session', () => {
    const state = createStreamState();
    const error = { name: 'APIError', data: { message: 'Rate limit reached.', statusCode: 429, isRetryable: true, responseHeaders: { 'retry-after': '7' } } };
    parseOpencodeLine(JSON.stringify({ type: 'error', error }), state);
    expect(state.finalSeen).toBe(true);
    expect(state.isError).toBe(true);
    expect(state.errorMessage).toBe('API error 429: Rate limit reached.');
    expect(state.rateLimit?.resetAt).toBeGreaterThan(Date.now());
    expect(opencodeError(error, NOW).rateLimit?.resetAt).toBe(NOW + 7000);
  });

  it('retry-after-ms, an HTTP-date retry-after, or "try again in" in the text; else the default wait', () => {
    const limited = (headers: Record<string, string>, message = 'Too many requests') =>
      opencodeError({ name: 'APIError', data: { message, statusCode: 429, responseHeaders: headers } }, NOW).rateLimit?.resetAt;
    expect(limited({ 'retry-after-ms': '1500' })).toBe(NOW + 1500);
    expect(limited({ 'retry-after': new Date(NOW + 60_000).toUTCString() })).toBe(NOW + 60_000);
    expect(limited({}, 'Please try again in 20s.')).toBe(NOW + 20_000);
    expect(limited({})).toBe(NOW + UNKNOWN_RESET_MS);
  });

  it('other errors keep their status or name and are not rate limits', () => {
    const auth = opencodeError({ name: 'APIError', data: { message: 'Incorrect API key provided.', statusCode: 401, isRetryable: false } }, NOW);
    expect(auth).toEqual({ message: 'API error 401: Incorrect API key provided.', rateLimit: null });
    expect(opencodeError({ name: 'ProviderAuthError', data: { providerID: 'x', message: 'no key' } }, NOW).message).toBe('ProviderAuthError: no key');
  });
});

describe('amp', () => {
  it('passes --model as --mode (amp picks models by mode), unless agentArgs choose a mode', () => {
    const adapter = createAmpAdapter();
    expect(adapter.invocation('p', { ...OPTIONS, model: 'high' }).args).toEqual(['--execute', '--stream-json', '--dangerously-allow-all', '--mode', 'high']);
    expect(adapter.invocation('p', { ...OPTIONS, model: 'high', extraArgs: ['-m', 'low'] }).args).toEqual(['--execute', '--stream-json', '--dangerously-allow-all', '-m', 'low']);
    expect(installCommand(adapter.name)).toBe('npm install -g @ampcode/cli');
  });

  it('the login prompt of a logged-out amp is an error that says how to log in', () => {
    const state = createStreamState();
    parseAmpLine('No API key found. Starting login flow...', state);
    expect(state.isError).toBe(true);
    expect(state.errorMessage).toBe(AMP_NOT_LOGGED_IN);
    expect(state.finalSeen).toBe(true);
  });

  it('a logged-out amp (the output @ampcode/cli prints) fails with the login message, not "paste your code here"', async () => {
    const dir = await tempDir('amp-login');
    const fake = join(dir, 'amp');
    // What @ampcode/cli printed here without a login: the login URL on stdout, then it reads the code from stdin.
    await writeFile(
      fake,
      `#!/usr/bin/env node
process.stdout.write('No API key found. Starting login flow...\\nIf your browser does not open automatically, visit:\\n\\nhttps://ampcode.com/auth/cli-login?authToken=abc\\n\\nWhen prompted, paste your code here: ');
process.stdin.resume();
process.stdin.on('end', () => { process.stderr.write('\\nLogin failed: That code looks incomplete. Copy the full code from the browser and try again.\\n'); process.exitCode = 1; });
`,
    );
    await chmod(fake, 0o755);
    const result = await runAgent({
      adapter: createAmpAdapter(fake), prompt: 'Implement US-1', cwd: dir, env: {}, timeoutMs: 60_000, logFile: join(dir, 'log'), model: null, extraArgs: [],
    });
    expect(result.completed).toBe(false);
    expect(result.error).toBe(AMP_NOT_LOGGED_IN);
    expect(result.rateLimit).toBeNull();
  });
});
