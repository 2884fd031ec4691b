import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchConcurrency } from './concurrency.js';
import { measureReconcile } from './reconcile-measure.js';
import { benchConflicts } from './conflicts.js';
import { benchExtract } from './extract.js';
import { benchGraph } from './graph.js';
import { benchMerge } from './merge.js';
import { benchMergeReplay } from './merge-replay.js';
import { benchMergeFileStartup } from './merge-file-startup.js';
import { benchReplay } from './replay.js';
import { benchReplayHistory } from './replay-history.js';
import { benchSimilarity } from './similarity.js';
import { benchOptimisations } from './optimisations.js';
import { benchMakespan, benchOverhead, benchZeroAgent } from './parallel.js';

/**
 * `npm run bench`: every benchmark, a table per section on stdout, and all
 * figures as JSON under bench/results/ with the machine they came from.
 * `npm run bench -- graph parallel` runs only the named sections.
 */
const SECTIONS: Record<string, () => Promise<unknown>> = {
  graph: () => benchGraph(),
  similarity: () => benchSimilarity(),
  merge: () => benchMerge(),
  replay: () => benchReplay(),
  conflicts: () => benchConflicts(),
  extract: () => benchExtract(),
  reconcile: () => measureReconcile(),
  makespan: () => benchMakespan(),
  overhead: () => benchOverhead(),
  // --max-concurrency 4 as the other parallel benches; 2 = one story per core.
  'zero-agent': async () => ({ c4: await benchZeroAgent({ concurrency: 4 }), c3: await benchZeroAgent({ concurrency: 3 }), c2: await benchZeroAgent({ concurrency: 2 }) }),
  concurrency: () => benchConcurrency(),
  optimisations: () => benchOptimisations(),
  'replay-history': () => benchReplayHistory(),
  'merge-replay': () => benchMergeReplay(),
  'merge-file-startup': () => benchMergeFileStartup(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30), platform: process.platform };
  const results: Record<string, unknown> = {};
  const unknown = names.filter((name) => !SECTIONS[name]);
  if (unknown.length > 0) throw new Error(`unknown bench section "${unknown.join('", "')}"; known: ${Object.keys(SECTIONS).join(', ')}`);
  for (const name of names) {
    const run = SECTIONS[name];
    if (!run) continue;
    process.stdout.write(`\n== ${name} ==\n`);
    const started = Date.now();
    try {
      const result = await run();
      results[name] = result;
      process.stdout.write(`${table(result)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      // One section that cannot run (a corpus not materialised here) does not cost the others their figures.
      const message = error instanceof Error ? error.message : String(error);
      process.stdout.write(`  failed: ${message}\n`);
      process.exitCode = 1;
    }
  }
  // Only figures are written: a failed section leaves the results it had before.
  if (Object.keys(results).length === 0) return;
  const dir = join(new URL('.', import.meta.url).pathname, '..', '..', 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${Object.keys(results).join('-')}.json`);
  await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

/** Flattens nested figures into `key  value` rows (arrays of rows become one row each). */
export function table(value: unknown, prefix = ''): string {
  const rows: [string, string][] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const label = item && typeof item === 'object' && 'name' in item ? String((item as { name: unknown }).name) : String(i);
        walk(item, path ? `${path}.${label}` : label);
      });
    } else if (v && typeof v === 'object') {
      // Per-case `details` go to the JSON file only.
      for (const [k, child] of Object.entries(v)) if (k !== 'name' && k !== 'details') walk(child, path ? `${path}.${k}` : k);
    } else {
      rows.push([path, String(v)]);
    }
  };
  walk(value, prefix);
  const width = Math.max(...rows.map(([k]) => k.length), 4);
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
