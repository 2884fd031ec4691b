/**
 * Entity-merge benchmark.
 *  1. The corpus (fixtures/merge): clean-merge rate of the entity merge and of `git merge-file`, and wrong clean
 *     merges of each (clean, but not the expected result: the failure that must never happen; target 0 for ours).
 *  2. Speed: entity merge of a generated 2,000-line TypeScript file with edits on both sides (git conflicts, so the
 *     full pipeline runs: parse ×3, match, render, re-parse to verify). Median of N runs after the grammar is loaded.
 *     Target ≤ 50 ms.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpus, runCorpus, summarise } from './merge-corpus.js';
import type { Baseline, CorpusSummary } from './merge-corpus.js';
import { gitMergeFile } from '../src/entity-merge/git-merge-file.js';
import { mergeEntities } from '../src/entity-merge/merge.js';

export interface MergeBenchOptions {
  /** Repository root holding fixtures/merge (default: the working directory). */
  root?: string;
  /** Timed runs of the 2,000-line merge (default 11). */
  runs?: number;
  lines?: number;
}

export interface MergeBenchResult {
  corpus: CorpusSummary & {
    /** Share of all cases merged cleanly and correctly (entity merge / git merge-file). */
    entityCleanRate: number;
    gitCleanRate: number;
    /** Of the cases whose expected result is clean: how many each tool got clean and right. */
    entityCorrectClean: number;
    gitCorrectClean: number;
  };
  speed: { lines: number; runs: number; medianMs: number; minMs: number; maxMs: number; status: string; targetMs: number };
}

const gitBaseline: Baseline = async (c) => {
  const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
  const r = await gitMergeFile({ current: enc(c.ours), base: enc(c.base), other: enc(c.theirs), labels: { current: 'ours', base: 'base', other: 'theirs' } });
  if (!r.ok) return { clean: false, text: '' };
  return { clean: r.clean, text: r.content.toString('utf8') };
};

/** A TypeScript module of about `lines` lines: imports, an interface, many functions and a class with methods. */
export function generateModule(lines: number): string {
  const out: string[] = ["import { readFile } from 'node:fs/promises';", "import type { Stats } from 'node:fs';", '', 'export interface Row {', '  id: number;', '  name: string;', '}', ''];
  let i = 0;
  const methods: string[] = [];
  while (out.length + methods.length < lines * 0.75) {
    out.push(
      `/** Computes value ${i}. */`,
      `export function compute${i}(rows: Row[], factor: number): number {`,
      '  let total = 0;',
      '  for (const row of rows) {',
      `    if (row.id % ${(i % 7) + 2} === 0) total += row.id * factor;`,
      '    else total -= row.name.length;',
      '  }',
      `  return total + ${i};`,
      '}',
      '',
    );
    i++;
  }
  out.push('export class Store {', '  private rows: Row[] = [];', '');
  let m = 0;
  while (out.length < lines - 2) {
    out.push(`  method${m}(id: number): Row | undefined {`, `    const found = this.rows.find((r) => r.id === id + ${m});`, '    return found;', '  }', '');
    m++;
  }
  out.push('}', '');
  return out.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round = (x: number): number => Math.round(x * 10) / 10;

export async function benchMerge(options: MergeBenchOptions = {}): Promise<MergeBenchResult> {
  const root = options.root ?? process.cwd();
  const cases = loadCorpus(join(root, 'fixtures', 'merge'));
  const results = await runCorpus(cases, {}, gitBaseline);
  const summary = summarise(cases, results);
  const entityCorrectClean = results.filter((r) => r.pass && r.outcome.status === 'clean').length;
  const gitCorrectClean = results.filter((r) => r.baseline?.clean && !r.baseline.wrongClean).length;

  const lines = options.lines ?? 2000;
  const runs = options.runs ?? 11;
  const base = generateModule(lines);
  // Ours edits an early function and a method, theirs a late function; both add a function at the end (git conflicts there).
  const ours = `${base.replace('return total + 3;', 'return total + 3 * factor;').replace('const found = this.rows.find((r) => r.id === id + 2);', 'const found = this.rows.find((r) => r.id === id + 2 && r.name !== "");')}export function addedByOurs(): number {\n  return 1;\n}\n`;
  const theirs = `${base.replace('return total + 60;', 'return Math.max(total, 60);')}export function addedByTheirs(): number {\n  return 2;\n}\n`;
  const input = { base, ours, theirs, path: 'generated.ts' };
  const first = await mergeEntities(input); // loads the runtime and the grammar
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    await mergeEntities(input);
    samples.push(performance.now() - start);
  }

  return {
    corpus: {
      ...summary,
      entityCleanRate: round((entityCorrectClean / summary.cases) * 100),
      gitCleanRate: round((gitCorrectClean / summary.cases) * 100),
      entityCorrectClean,
      gitCorrectClean,
    },
    speed: {
      lines: base.split('\n').length - 1,
      runs,
      medianMs: round(median(samples)),
      minMs: round(Math.min(...samples)),
      maxMs: round(Math.max(...samples)),
      status: `${first.status}/${first.method}`,
      targetMs: 50,
    },
  };
}
