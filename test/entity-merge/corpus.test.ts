import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCorpus, runCorpus, summarise } from '../../bench/merge-corpus.js';
import type { Baseline, CorpusCase } from '../../bench/merge-corpus.js';

const root = resolve(process.cwd(), 'fixtures/merge');
const scratch = mkdtempSync(join(tmpdir(), 'ralph-corpus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** git merge-file -p on the same inputs: the line-merge baseline the entity merge is compared with. */
const gitMergeFile: Baseline = async (c: CorpusCase) => {
  const dir = join(scratch, c.name);
  const files = (['ours', 'base', 'theirs'] as const).map((side) => join(dir, `${side}.${c.ext}`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(files[0] ?? '', c.ours);
  writeFileSync(files[1] ?? '', c.base);
  writeFileSync(files[2] ?? '', c.theirs);
  const r = await execa('git', ['merge-file', '-p', ...files], { reject: false });
  return { clean: r.exitCode === 0, text: r.stdout + (r.stdout === '' ? '' : '\n') };
};

describe('merge corpus', () => {
  const cases = loadCorpus(root);

  test('has at least 60 cases over TS, TSX, JS, Python and Rust', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const exts = new Set(cases.map((c) => c.ext));
    for (const ext of ['ts', 'tsx', 'js', 'py', 'rs']) expect(exts).toContain(ext);
  });

  test('every case merges as expected, with no wrong clean merge', async () => {
    const results = await runCorpus(cases, {}, gitMergeFile);
    const summary = summarise(cases, results);
    const failures = results.filter((r) => !r.pass).map((r) => `${r.name}: ${r.detail ?? ''}`);
    // The figures the report quotes (entity merge vs git merge-file).
    process.stdout.write(`corpus: ${JSON.stringify(summary)}\n`);
    expect(failures).toEqual([]);
    expect(summary.wrongClean).toBe(0);
  });
});
