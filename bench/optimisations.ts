import { join } from 'node:path';
import { independentPrd, makeBenchRepo, type BenchRepo } from './fixture-repo.js';
import { median, round, runPrd, scriptFile } from './parallel.js';

/**
 * Does each speed-up of the parallel run still pay for itself when agents
 * take seconds? The same PRD runs with everything on, with one speed-up off
 * at a time (RALPH_WT_BENCH_WITHOUT, see src/workspace/bench-switches.ts)
 * and with all of them off. Variants run interleaved, round after round,
 * each on a fresh repo made before the first run: this machine is shared, so
 * only ratios taken within the same rounds mean anything.
 */
const VARIANTS: Record<string, string> = {
  all: '',
  'no-ledger': 'ledger',
  'no-recycler': 'recycler',
  'no-prewarm': 'prewarm',
  'no-streams': 'streams',
  'no-from-objects': 'from-objects',
  none: 'ledger,recycler,prewarm,streams,from-objects',
};

export interface OptimisationCase {
  name: string;
  agentSeconds: number;
  files: number;
  stories: number;
  concurrency: number;
  rounds: number;
  /** Median makespan per variant, ms. */
  medianMs: Record<string, number>;
  /** Median over rounds of variant / all-on, per variant. */
  vsAll: Record<string, number>;
  /** Every round's variant / all-on, per variant: how far the rounds disagree. */
  ratios: Record<string, number[]>;
}

async function benchCase(agentSeconds: number, files: number, rounds: number): Promise<OptimisationCase> {
  const stories = 8;
  const concurrency = 4;
  // RALPH_BENCH_VARIANTS=all,no-host measures only those (`all` is always measured: the ratios are to it).
  const only = process.env['RALPH_BENCH_VARIANTS']?.split(',');
  const names = Object.keys(VARIANTS).filter((name) => name === 'all' || !only || only.includes(name));
  const repos: BenchRepo[][] = [];
  const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ratios: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  try {
    for (let r = 0; r < rounds; r += 1) repos.push(await Promise.all(names.map(() => makeBenchRepo(files, independentPrd(stories)))));
    for (const [r, round_] of repos.entries()) {
      const script = await scriptFile(round_[0]?.root ?? '', 'script', agentSeconds * 1000);
      const took: Record<string, number> = {};
      // Each round starts from a different variant, so none always runs first.
      const order = names.map((_, i) => names[(i + r) % names.length] ?? 'all');
      for (const name of order) {
        const repo = round_[names.indexOf(name)];
        if (!repo) continue;
        const run = await runPrd(repo.dir, script, join(repo.root, 'state'), ['--parallel', '--max-concurrency', String(concurrency)], { RALPH_WT_BENCH_WITHOUT: VARIANTS[name] ?? '' });
        took[name] = run.ms;
        ms[name]?.push(run.ms);
      }
      for (const name of names) ratios[name]?.push(round((took[name] ?? 0) / (took['all'] ?? 1)));
    }
  } finally {
    for (const round_ of repos) for (const repo of round_) await repo.cleanup();
  }
  return {
    name: `agent-${agentSeconds}s-${files}-files`,
    agentSeconds,
    files,
    stories,
    concurrency,
    rounds,
    medianMs: Object.fromEntries(names.map((n) => [n, Math.round(median(ms[n] ?? []))])),
    vsAll: Object.fromEntries(names.map((n) => [n, median(ratios[n] ?? [])])),
    ratios,
  };
}

/** 8 independent stories at --max-concurrency 4: 1 s agents on 200 files, 0 s agents for contrast, then 1 s agents on 2,000 files. */
export async function benchOptimisations(options: { rounds?: number } = {}): Promise<OptimisationCase[]> {
  const cases: OptimisationCase[] = [];
  // The 0 s case is the one these speed-ups were made for: the contrast to the 1 s ones.
  const all = [[1, 200, options.rounds ?? 3], [0, 200, options.rounds ?? 2], [1, 2000, options.rounds ?? 2]] as const;
  // RALPH_BENCH_CASES=1 runs only the first case (1 s agents, 200 files).
  const count = Number(process.env['RALPH_BENCH_CASES'] ?? all.length);
  for (const [agentSeconds, files, rounds] of all.slice(0, count)) {
    const result = await benchCase(agentSeconds, files, rounds);
    // A case takes minutes on a loaded machine: each is shown as soon as it is measured.
    process.stdout.write(`${JSON.stringify(result)}\n`);
    cases.push(result);
  }
  return cases;
}
