import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { RunEvent } from '../../src/events/types.js';

export const ROOT = resolve(__dirname_of(import.meta.url), '..', '..');
export const BIN = join(ROOT, 'bin', 'ralph-wt');
export const FAKE_AGENT = join(ROOT, 'fixtures', 'fake-agent', 'fake-agent.mjs');

function __dirname_of(url: string): string {
  return dirname(new URL(url).pathname);
}

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export interface TestRepo {
  dir: string;
  /** Directory for the fake agent's counters and invocation log. */
  state: string;
  scriptPath: string;
  git(args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export interface StorySpec {
  id: string;
  title?: string;
  priority?: number;
  passes?: boolean;
  dependsOn?: string[];
  targetFiles?: string[];
  description?: string;
}

export function prdFor(stories: StorySpec[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project: 'test-project',
    branchName: 'ralph/test',
    description: 'integration test PRD',
    ...extra,
    userStories: stories.map((s, i) => ({
      id: s.id,
      title: s.title ?? `Story ${s.id}`,
      description: s.description ?? `Implement ${s.id}`,
      acceptanceCriteria: ['works'],
      priority: s.priority ?? i + 1,
      passes: s.passes ?? false,
      notes: '',
      ...(s.dependsOn ? { dependsOn: s.dependsOn } : {}),
      ...(s.targetFiles ? { targetFiles: s.targetFiles } : {}),
    })),
  };
}

/** A real git repo in a temp dir with the given files and prd.json committed on main. */
export async function makeRepo(files: Record<string, string>, prd: Record<string, unknown>, script: Record<string, unknown> = {}): Promise<TestRepo> {
  const root = await mkdtemp(join(tmpdir(), 'ralph-it-'));
  const dir = join(root, 'repo');
  const state = join(root, 'state');
  const scriptPath = join(root, 'script.json');
  await mkdir(dir, { recursive: true });
  await mkdir(state, { recursive: true });
  for (const [path, content] of Object.entries({ ...files, 'prd.json': `${JSON.stringify(prd, null, 2)}\n` })) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await writeFile(scriptPath, JSON.stringify({ stories: script }, null, 2));
  const git = async (args: string[]): Promise<string> => (await execa('git', args, { cwd: dir, env: GIT_ENV })).stdout;
  await git(['init', '--quiet', '--initial-branch=main']);
  await git(['add', '-A']);
  await git(['commit', '--quiet', '-m', 'initial']);
  return { dir, state, scriptPath, git, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  events: RunEvent[];
}

export function startCli(repo: TestRepo, args: string[], env: Record<string, string> = {}): ResultPromise<{ cwd: string; env: Record<string, string>; reject: false; stdin: 'ignore' }> {
  return execa('node', [BIN, ...args], {
    cwd: repo.dir,
    env: { ...GIT_ENV, CI: 'true', RALPH_FAKE_SCRIPT: repo.scriptPath, RALPH_FAKE_STATE: repo.state, ...env },
    reject: false,
    stdin: 'ignore',
  });
}

/** Runs the built CLI in the repo with the fake agent; parses NDJSON events when `--json` is given. */
export async function runCli(repo: TestRepo, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await startCli(repo, args, env);
  const stdout = String(result.stdout);
  const events = args.includes('--json') ? parseEvents(stdout) : [];
  return { exitCode: result.exitCode ?? -1, stdout, stderr: String(result.stderr), events };
}

export function parseEvents(stdout: string): RunEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);
}

export const AGENT_ARGS = ['--agent', 'custom', '--agent-command', FAKE_AGENT];
/** Runner tests use near-identical story texts; keep similarity inference from ordering them. */
export const EXPLICIT_ONLY = ['--inference-mode', 'explicit'];

export interface Invocation {
  event: 'start' | 'end';
  storyId: string;
  attempt: number;
  pid: number;
  cwd: string;
  at: number;
}

export async function invocations(repo: TestRepo): Promise<Invocation[]> {
  const text = await readFile(join(repo.state, 'invocations.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Invocation);
}

/**
 * Polls `check` every 100 ms until it holds: for conditions a hand-shake
 * cannot signal (a process gone, a ref moved). The deadline is generous
 * because a loaded machine is slow, not because anything is timed.
 */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
