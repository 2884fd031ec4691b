import { execa } from 'execa';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AgentName } from '../../../src/config/types.js';
import type { RunEvent } from '../../../src/events/types.js';
import { BIN, GIT_ENV, makeRepo, parseEvents, prdFor, runCli, type TestRepo } from '../../helpers/cli.js';

export interface RalphRunOptions {
  agent: AgentName;
  /** The agent's environment: HOME, PATH (see pathWithAgent), API base URL and key… Added to the test process's. */
  env: Record<string, string>;
  /** Extra `ralph-wt run` arguments, e.g. ['--model', 'x', '--max-iterations', '2']. */
  args?: string[];
  /** The file the one story asks for (the fake model decides what really gets written). */
  file?: string;
  /** More files committed in the repo, e.g. a `.ralphrc` for settings without a flag. */
  files?: Record<string, string>;
  /**
   * Run ralph-wt (and so the agent) as this existing non-root user via
   * `runuser -u`; the repo and `env.HOME` are chowned to it first.
   */
  asUser?: string;
}

export interface RalphRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  events: RunEvent[];
  repo: TestRepo;
  /** The story's log file(s) under `.git/ralph-wt/logs/<run>/`: the agent's stdout and stderr, one header line per invocation. */
  storyLogs(): Promise<string[]>;
}

export const STORY_ID = 'S1';

/** A fresh, empty HOME, so no real login or config of the machine leaks into a case. */
export function makeTempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ralph-agent-home-'));
}

/**
 * A temp git repo with a one-story prd.json ("create <file>"), then the built
 * `ralph-wt run --agent <agent> --json --max-iterations 1` in it (more
 * iterations via `args`: later flags win).
 */
export async function runRalph(options: RalphRunOptions): Promise<RalphRun> {
  const file = options.file ?? 'hello.txt';
  const prd = prdFor([{ id: STORY_ID, title: `Create ${file}`, description: `Create the file ${file} with one line of text.` }]);
  const repo = await makeRepo({ 'README.md': '# conformance\n', ...options.files }, prd);
  const args = ['run', '--agent', options.agent, '--json', '--max-iterations', '1', ...(options.args ?? [])];
  const result = options.asUser
    ? await runAsUser(options.asUser, repo, args, options.env)
    : await runCli(repo, args, options.env);
  return {
    ...result,
    repo,
    storyLogs: () => storyLogs(repo.dir),
  };
}

async function runAsUser(user: string, repo: TestRepo, args: string[], env: Record<string, string>): Promise<{ exitCode: number; stdout: string; stderr: string; events: RunEvent[] }> {
  const owned = [dirname(repo.dir), ...(env['HOME'] ? [env['HOME']] : [])];
  await execa('chown', ['-R', `${user}:`, ...owned]);
  const vars = Object.entries({ ...GIT_ENV, CI: 'true', ...env }).map(([key, value]) => `${key}=${value}`);
  // runuser switches user but env(1) sets exactly what the case wants (HOME, PATH, keys).
  const result = await execa('runuser', ['-u', user, '--', 'env', ...vars, process.execPath, BIN, ...args], {
    cwd: repo.dir,
    reject: false,
    stdin: 'ignore',
  });
  const stdout = String(result.stdout);
  return { exitCode: result.exitCode ?? -1, stdout, stderr: String(result.stderr), events: parseEvents(stdout) };
}

async function storyLogs(repoDir: string): Promise<string[]> {
  const logsDir = join(repoDir, '.git', 'ralph-wt', 'logs');
  const runs = await readdir(logsDir).catch(() => []);
  const texts: string[] = [];
  for (const run of runs.sort()) {
    for (const name of (await readdir(join(logsDir, run))).sort()) {
      if (name.startsWith(STORY_ID) && name.endsWith('.log')) texts.push(await readFile(join(logsDir, run, name), 'utf8'));
    }
  }
  return texts;
}

/** The events of one type, narrowed. */
export function eventsOf<T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
}

/** Runs `assertions`; a failure also shows the run's exit code, stderr and events, which the bare matcher would hide. */
export async function checkRun(run: RalphRun, assertions: () => void | Promise<void>): Promise<void> {
  try {
    await assertions();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const logs = (await run.storyLogs()).join('\n').slice(-4000);
    throw new Error(`${message}\n--- ralph-wt exit ${run.exitCode}\n--- stderr\n${run.stderr.slice(-2000)}\n--- events\n${run.stdout.slice(-4000)}\n--- story log\n${logs}`);
  }
}
