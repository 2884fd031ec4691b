import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { BENCH_GIT_ENV, makeBenchRepo } from './fixture-repo.js';

const ROOT = join(new URL('.', import.meta.url).pathname, '..', '..');
const BIN = join(ROOT, 'bin', 'ralph-wt');
const FAKE_AGENT = join(ROOT, 'fixtures', 'fake-agent', 'fake-agent.mjs');

export interface ConcurrencyRow {
  name: string;
  prd: 'independent' | 'conflicting-clusters';
  limit: string;
  wallMs: number;
  fallbacks: number;
  decisions: number;
}

const STORIES = 12;
const DELAY_MS = 1500;

function prd(): Record<string, unknown> {
  return {
    project: 'bench-concurrency',
    branchName: 'ralph/bench',
    description: 'adaptive concurrency benchmark',
    userStories: Array.from({ length: STORIES }, (_, i) => ({
      id: `C-${String(i + 1).padStart(2, '0')}`,
      title: `Story ${i + 1}`,
      description: `Story number ${i + 1}`,
      acceptanceCriteria: ['done'],
      priority: i + 1,
      passes: false,
    })),
  };
}

/**
 * Two scripts for the same 12 stories. `independent`: every story writes its
 * own file. `conflicting-clusters`: three clusters of four stories each edit
 * the same function of one file, so stories of a cluster that run at the same
 * time conflict and fall back to a sequential re-run.
 */
function script(kind: ConcurrencyRow['prd']): Record<string, unknown> {
  if (kind === 'independent') return { stories: { '*': { delayMs: DELAY_MS, write: { 'out/{id}.txt': '{title}\n' }, complete: true } } };
  const stories: Record<string, unknown> = {};
  for (let i = 0; i < STORIES; i += 1) {
    const id = `C-${String(i + 1).padStart(2, '0')}`;
    const cluster = i % 3;
    const edit = { path: `src/cluster${cluster}.js`, find: '  return x;', replace: `  x += ${i + 1};\n  return x;` };
    stories[id] = [{ delayMs: DELAY_MS, replace: [edit], complete: true }, { delayMs: DELAY_MS / 3, replace: [edit], complete: true }];
  }
  return { stories };
}

async function runOnce(kind: ConcurrencyRow['prd'], limit: string): Promise<ConcurrencyRow> {
  const repo = await makeBenchRepo(20, prd());
  try {
    for (let c = 0; c < 3; c += 1) await writeFile(join(repo.dir, 'src', `cluster${c}.js`), `export function f${c}(x) {\n  return x;\n}\n`);
    await repo.git(['add', '-A']);
    await repo.git(['commit', '--quiet', '-m', 'clusters']);
    const scriptPath = join(repo.root, 'script.json');
    await writeFile(scriptPath, JSON.stringify(script(kind)));
    const args = ['run', '--parallel', '--json', '--no-reconcile', '--inference-mode', 'explicit', '--agent', 'custom', '--agent-command', FAKE_AGENT];
    const limitArgs = limit.startsWith('auto') ? ['--max-concurrency', 'auto', '--auto-ceiling', limit === 'auto' ? '3' : limit.slice('auto/'.length)] : ['--max-concurrency', limit];
    const started = performance.now();
    const result = await execa('node', [BIN, ...args, ...limitArgs], {
      cwd: repo.dir,
      env: { ...BENCH_GIT_ENV, CI: 'true', RALPH_FAKE_SCRIPT: scriptPath, RALPH_FAKE_STATE: join(repo.root, 'state') },
      reject: false,
      stdin: 'ignore',
    });
    const wallMs = Math.round(performance.now() - started);
    if (result.exitCode !== 0) throw new Error(`concurrency bench (${kind}, ${limit}) failed: ${result.stderr}`);
    const events = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; resolution?: string });
    return {
      name: `${kind} @ ${limit}`,
      prd: kind,
      limit,
      wallMs,
      fallbacks: events.filter((e) => e.type === 'merge:conflict' && e.resolution === 'fallback').length,
      decisions: events.filter((e) => e.type === 'concurrency').length,
    };
  } finally {
    await repo.cleanup();
  }
}

export interface ConcurrencyBench {
  rows: ConcurrencyRow[];
  verdict: { prd: string; bestFixed: string; bestFixedMs: number; autoMs: number; autoVsBest: number }[];
}

/** Fixed limits 1..6 against `auto` (default ceiling 3, and ceiling 6) on both PRDs. */
export async function benchConcurrency(): Promise<ConcurrencyBench> {
  const rows: ConcurrencyRow[] = [];
  const verdict: ConcurrencyBench['verdict'] = [];
  for (const kind of ['independent', 'conflicting-clusters'] as const) {
    const mine: ConcurrencyRow[] = [];
    for (const limit of ['1', '2', '3', '4', '5', '6', 'auto', 'auto/6']) mine.push(await runOnce(kind, limit));
    rows.push(...mine);
    const fixed = mine.filter((r) => !r.limit.startsWith('auto')).sort((a, b) => a.wallMs - b.wallMs)[0];
    const auto = mine.find((r) => r.limit === 'auto/6');
    if (fixed && auto) verdict.push({ prd: kind, bestFixed: fixed.limit, bestFixedMs: fixed.wallMs, autoMs: auto.wallMs, autoVsBest: Math.round((auto.wallMs / fixed.wallMs) * 100) / 100 });
  }
  return { rows, verdict };
}
