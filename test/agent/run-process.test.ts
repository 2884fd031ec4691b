import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClaudeAdapter } from '../../src/agent/adapters/claude.js';
import { createCustomAdapter } from '../../src/agent/adapters/custom.js';
import { runAgent } from '../../src/agent/run-agent.js';
import { runProcess } from '../../src/agent/run-process.js';
import { eventually, FAKE_AGENT, isGone, tempDir } from './helpers.js';

async function setup(script: unknown) {
  const dir = await tempDir('proc');
  const scriptFile = join(dir, 'script.json');
  await writeFile(scriptFile, JSON.stringify(script));
  const state = join(dir, 'state');
  const env = { RALPH_FAKE_SCRIPT: scriptFile, RALPH_FAKE_STATE: state, RALPH_STORY_ID: 'S1', RALPH_STORY_TITLE: 'Story one' };
  return { dir, state, env, logFile: join(dir, 'agent.log') };
}

async function helperPid(state: string): Promise<number> {
  return Number(await readFile(join(state, 'S1.helper.pid'), 'utf8'));
}

describe('process groups', () => {
  it('a timeout kills the agent and the helper process it started', async () => {
    const { dir, state, env, logFile } = await setup({ stories: { S1: { hang: true } } });
    const result = await runAgent({
      adapter: createCustomAdapter(FAKE_AGENT), prompt: 'hang please', cwd: dir, env, timeoutMs: 3000, killGraceMs: 500,
      logFile, model: null, extraArgs: [],
    });
    expect(result.timedOut).toBe(true);
    expect(result.completed).toBe(false);
    expect(result.error).toBe('agent timed out after 3s');
    const pid = await helperPid(state);
    expect(await eventually(() => isGone(pid))).toBe(true);
    expect(result.outputTail).toContain('fake-agent: hanging');
  });

  it('an abort signal kills the group; SIGKILL follows when SIGTERM is ignored', async () => {
    const { dir, state, env, logFile } = await setup({ stories: { S1: { hang: true, ignoreTerm: true } } });
    const controller = new AbortController();
    const result = await runAgent({
      adapter: createCustomAdapter(FAKE_AGENT), prompt: 'hang', cwd: dir, env, timeoutMs: 0, killGraceMs: 300, logFile, model: null, extraArgs: [],
      signal: controller.signal,
      onActivity: (text) => {
        if (text === 'fake-agent: hanging') controller.abort();
      },
    });
    expect(result.aborted).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBeNull();
    const pid = await helperPid(state);
    expect(await eventually(() => isGone(pid))).toBe(true);
  });

  it('an already-aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const dir = await tempDir('proc');
    const result = await runProcess({ command: 'node', args: ['-e', 'require("fs").writeFileSync("ran", "")'], cwd: dir, stdin: null, timeoutMs: 0, signal: controller.signal });
    expect(result.terminatedBy).toBe('abort');
    await expect(readFile(join(dir, 'ran'))).rejects.toThrow();
  });

  it('ends leftovers in the group once the leader has exited', async () => {
    const dir = await tempDir('proc');
    const code = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1e9)'], { stdio: 'inherit' }); c.unref(); console.log('child ' + c.pid);`;
    const result = await runProcess({ command: process.execPath, args: ['-e', code], cwd: dir, stdin: null, timeoutMs: 0, killGraceMs: 300 });
    expect(result.exitCode).toBe(0);
    const pid = Number(/child (\d+)/.exec(result.outputTail)?.[1]);
    expect(await eventually(() => isGone(pid))).toBe(true);
  });

  it('ends an agent that lingers after its final result and still counts it as done', async () => {
    const dir = await tempDir('proc');
    const fake = join(dir, 'claude-lingers');
    const events = [
      { type: 'assistant', message: { id: 'm', content: [{ type: 'text', text: 'hi' }] } },
      { type: 'result', subtype: 'success', is_error: false, result: 'done\n<promise>COMPLETE</promise>' },
    ];
    await writeFile(fake, `#!/usr/bin/env node\nprocess.stdin.resume(); process.stdin.on('end', () => { console.log(${JSON.stringify(events.map((e) => JSON.stringify(e)).join('\n'))}); setInterval(() => {}, 1e9); });\n`);
    await chmod(fake, 0o755);
    const result = await runAgent({
      adapter: createClaudeAdapter(fake), prompt: 'p', cwd: dir, env: {}, timeoutMs: 60_000, finalExitGraceMs: 200, killGraceMs: 300,
      logFile: join(dir, 'log'), model: null, extraArgs: [],
    });
    expect(result.timedOut).toBe(false);
    expect(result.completed).toBe(true);
    expect(result.error).toBeNull();
  });
});

describe('output handling', () => {
  it('logs every line of a flood while keeping only a bounded tail in memory', async () => {
    const { dir, env, logFile } = await setup({ stories: { S1: { flood: 20000, complete: true } } });
    const result = await runAgent({ adapter: createCustomAdapter(FAKE_AGENT), prompt: 'flood', cwd: dir, env, timeoutMs: 60_000, logFile, model: null, extraArgs: [] });
    expect(result.completed).toBe(true);
    const log = await readFile(logFile, 'utf8');
    const floodLines = log.split('\n').filter((line) => line.startsWith('flood line '));
    expect(floodLines).toHaveLength(20000);
    expect(floodLines[19999]).toMatch(/^flood line 19999 /);
    expect(result.outputTail.length).toBeLessThanOrEqual(64 * 1024);
    expect(result.outputTail).toContain('flood line 19999 ');
    expect(result.outputTail).not.toContain('flood line 0 ');
    expect(result.finalText.length).toBeLessThanOrEqual(16 * 1024);
  });

  it('appends to an existing log and streams stderr lines too', async () => {
    const dir = await tempDir('proc');
    const logFile = join(dir, 'nested', 'gate.log');
    const lines: string[] = [];
    for (const word of ['first', 'second']) {
      await runProcess({
        command: process.execPath, args: ['-e', `console.log('${word} out'); console.error('${word} err'); process.stdout.write('no newline')`],
        cwd: dir, stdin: null, timeoutMs: 0, logFile, onLine: (line, stream) => lines.push(`${stream}:${line}`),
      });
    }
    const log = await readFile(logFile, 'utf8');
    expect(log.indexOf('first out')).toBeLessThan(log.indexOf('second out'));
    expect(lines).toEqual(expect.arrayContaining(['stdout:first out', 'stderr:first err', 'stdout:no newline']));
  });

  it('removes CLAUDECODE from the child environment and adds extra variables', async () => {
    const dir = await tempDir('proc');
    process.env['CLAUDECODE'] = '1';
    try {
      const result = await runProcess({
        command: process.execPath, args: ['-e', 'console.log(JSON.stringify([process.env.CLAUDECODE ?? null, process.env.EXTRA_VAR]))'],
        cwd: dir, env: { EXTRA_VAR: 'x' }, stdin: null, timeoutMs: 0,
      });
      expect(result.stdoutTail.trim()).toBe('[null,"x"]');
    } finally {
      delete process.env['CLAUDECODE'];
    }
  });
});
