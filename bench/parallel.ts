import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { BENCH_GIT_ENV, independentPrd, makeBenchRepo, type BenchRepo } from './fixture-repo.js';

const ROOT = join(new URL('.', import.meta.url).pathname, '..', '..');
const BIN = join(ROOT, 'bin', 'ralph-wt');
const FAKE_AGENT = join(ROOT, 'fixtures', 'fake-agent', 'fake-agent.mjs');

export interface ParallelBenchResult {
  makespan: { stories: number; agentSeconds: number; concurrency: number; parallelMs: number; sequentialMs: number; lowerBoundMs: number; vsSequential: number; vsLowerBound: number };
  overhead: { files: number; stories: number; perStoryMs: number; rawGitMs: number; ratio: number };
  zeroAgent: { stories: number; concurrency: number; pairs: number; parallelMs: number; sequentialMs: number; ratio: number; ratios: number[] };
}

interface TimedEvent {
  type: string;
  storyId?: string;
  phase?: string;
  ts?: number;
}

export async function runPrd(dir: string, scriptPath: string, stateDir: string, args: string[], env: Record<string, string> = {}): Promise<{ ms: number; events: TimedEvent[] }> {
  const started = performance.now();
  const result = await execa('node', [BIN, 'run', '--json', '--agent', 'custom', '--agent-command', FAKE_AGENT, '--inference-mode', 'explicit', ...args], {
    cwd: dir,
    env: { ...BENCH_GIT_ENV, CI: 'true', RALPH_FAKE_SCRIPT: scriptPath, RALPH_FAKE_STATE: stateDir, ...env },
    reject: false,
    stdin: 'ignore',
  });
  const ms = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`bench run failed (exit ${String(result.exitCode)}): ${result.stderr}`);
  const events = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as TimedEvent);
  return { ms, events };
}

export async function scriptFile(root: string, name: string, delayMs: number): Promise<string> {
  const path = join(root, `${name}.json`);
  await writeFile(path, JSON.stringify({ stories: { '*': { delayMs, write: { 'stories/{id}.txt': '{title}\n' }, complete: true } } }));
  return path;
}

interface RepoPair {
  parallel: BenchRepo;
  sequential: BenchRepo;
  script: string;
}

/** Two fresh repos with the same PRD, and the agent script. */
async function makePair(stories: number, files: number, delayMs: number): Promise<RepoPair> {
  const prd = independentPrd(stories);
  const parallel = await makeBenchRepo(files, prd);
  const sequential = await makeBenchRepo(files, prd);
  return { parallel, sequential, script: await scriptFile(parallel.root, 'script', delayMs) };
}

async function removePair(pair: RepoPair): Promise<void> {
  await pair.parallel.cleanup();
  await pair.sequential.cleanup();
}

/** The same PRD in both modes: `--parallel --max-concurrency c`, and the sequential loop (in the given order). */
async function runPair(
  pair: RepoPair,
  concurrency: number,
  options: { rawGit?: boolean; sequentialFirst?: boolean } = {},
): Promise<{ parallel: { ms: number; events: TimedEvent[] }; sequential: { ms: number }; rawGitMs: number }> {
  const runParallel = () => runPrd(pair.parallel.dir, pair.script, join(pair.parallel.root, 'state'), ['--parallel', '--max-concurrency', String(concurrency)]);
  const runSequential = () => runPrd(pair.sequential.dir, pair.script, join(pair.sequential.root, 'state'), []);
  let parallel: { ms: number; events: TimedEvent[] };
  let sequential: { ms: number };
  if (options.sequentialFirst) {
    sequential = await runSequential();
    parallel = await runParallel();
  } else {
    parallel = await runParallel();
    sequential = await runSequential();
  }
  const rawGitMs = options.rawGit ? await rawGitCost(pair.parallel.dir) : 0;
  return { parallel, sequential, rawGitMs };
}

/** One pair on fresh repos, removed afterwards. */
async function compare(
  stories: number,
  files: number,
  delayMs: number,
  concurrency: number,
  options: { rawGit?: boolean; sequentialFirst?: boolean } = {},
): Promise<{ parallel: { ms: number; events: TimedEvent[] }; sequential: { ms: number }; rawGitMs: number }> {
  const pair = await makePair(stories, files, delayMs);
  try {
    return await runPair(pair, concurrency, options);
  } finally {
    await removePair(pair);
  }
}

/** The floor any worktree orchestrator pays per story: worktree add + merge-tree + worktree remove. */
async function rawGitCost(dir: string): Promise<number> {
  const git = (args: string[]) => execa('git', args, { cwd: dir, env: BENCH_GIT_ENV });
  const samples: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const path = join(dir, '..', `raw-${i}`);
    const started = performance.now();
    await git(['worktree', 'add', '--quiet', '-b', `raw-${i}`, path, 'HEAD']);
    await writeFile(join(path, `raw-${i}.txt`), 'x\n');
    await execa('git', ['add', '-A'], { cwd: path });
    await execa('git', ['commit', '--quiet', '-m', 'raw'], { cwd: path, env: BENCH_GIT_ENV });
    await git(['merge-tree', '--write-tree', 'HEAD', `raw-${i}`]);
    await git(['worktree', 'remove', '--force', path]);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Per story: story:started → story:done minus the agent phase (agent phase
 * event → the next phase event of that story), averaged: what ralph-wt
 * itself adds (worktree, commit, merge, ref update, cleanup).
 */
function perStoryOverhead(events: TimedEvent[]): number {
  const starts = new Map<string, number>();
  const agentStart = new Map<string, number>();
  const agentMs = new Map<string, number>();
  const spans: number[] = [];
  for (const e of events) {
    if (!e.storyId || e.ts === undefined) continue;
    if (e.type === 'story:started') starts.set(e.storyId, e.ts);
    if (e.type === 'story:phase' && e.phase === 'agent') agentStart.set(e.storyId, e.ts);
    else if (e.type === 'story:phase' && agentStart.has(e.storyId) && !agentMs.has(e.storyId)) agentMs.set(e.storyId, e.ts - (agentStart.get(e.storyId) ?? e.ts));
    if (e.type === 'story:done') spans.push(e.ts - (starts.get(e.storyId) ?? e.ts) - (agentMs.get(e.storyId) ?? 0));
  }
  return spans.reduce((a, b) => a + b, 0) / Math.max(1, spans.length);
}

/** 8 independent stories whose agent sleeps `agentSeconds`, c = 4, against the same PRD run sequentially. */
export async function benchMakespan(options: { agentSeconds?: number } = {}): Promise<ParallelBenchResult['makespan']> {
  const agentSeconds = options.agentSeconds ?? 10;
  const stories = 8;
  const concurrency = 4;
  const run = await compare(stories, 50, agentSeconds * 1000, concurrency);
  const lowerBoundMs = Math.max(agentSeconds * 1000, (stories * agentSeconds * 1000) / concurrency);
  return {
    stories,
    agentSeconds,
    concurrency,
    parallelMs: Math.round(run.parallel.ms),
    sequentialMs: Math.round(run.sequential.ms),
    lowerBoundMs,
    vsSequential: round(run.parallel.ms / run.sequential.ms),
    vsLowerBound: round(run.parallel.ms / lowerBoundMs),
  };
}

/** What ralph-wt adds per story on a 5,000-file repo, beside the raw git floor measured on the same repo. */
export async function benchOverhead(): Promise<ParallelBenchResult['overhead']> {
  const run = await compare(6, 5000, 0, 1, { rawGit: true });
  const perStory = perStoryOverhead(run.parallel.events);
  return { files: 5000, stories: 6, perStoryMs: Math.round(perStory), rawGitMs: Math.round(run.rawGitMs), ratio: round(perStory / run.rawGitMs) };
}

/**
 * A zero-second agent: parallel mode must not be slower than the sequential
 * loop. Pure orchestration is short and this machine's timings swing by
 * ±20 % run to run, so the two modes run as interleaved pairs (each on a
 * fresh repo) and the medians are reported, with every pair's ratio. All
 * repos are made before the first run and removed after the last: on this
 * machine's ext4, creating files right after thousands were deleted costs
 * about three times as much, and a user's run does not follow a mass
 * deletion the way back-to-back bench runs would follow each other's cleanup.
 */
export async function benchZeroAgent(options: { pairs?: number; concurrency?: number } = {}): Promise<ParallelBenchResult['zeroAgent']> {
  const pairs = options.pairs ?? 5;
  const concurrency = options.concurrency ?? 4;
  const parallel: number[] = [];
  const sequential: number[] = [];
  const ratios: number[] = [];
  const repos: RepoPair[] = [];
  try {
    for (let i = 0; i < pairs; i += 1) repos.push(await makePair(10, 200, 0));
    for (const [i, pair] of repos.entries()) {
      const run = await runPair(pair, concurrency, { sequentialFirst: i % 2 === 1 });
      parallel.push(run.parallel.ms);
      sequential.push(run.sequential.ms);
      ratios.push(round(run.parallel.ms / run.sequential.ms));
    }
  } finally {
    for (const pair of repos) await removePair(pair);
  }
  return { stories: 10, concurrency, pairs, parallelMs: Math.round(median(parallel)), sequentialMs: Math.round(median(sequential)), ratio: median(ratios), ratios };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}
