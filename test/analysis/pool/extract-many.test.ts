import { extractEntities } from '../../../src/analysis/index.js';
import { closeExtractPool, extractMany, POOL_MIN_FILES, shouldUsePool } from '../../../src/analysis/pool/index.js';
import { benchExtract, generateTsFile } from '../../../bench/extract.js';
import { defaultWorkerFile } from '../../../src/analysis/pool/worker-path.js';

// Worker threads need compiled JS: from the sources the pool finds dist/'s twin of its worker, which `npm test` builds.
const workerFile = defaultWorkerFile();
if (workerFile === null) throw new Error('dist/src/analysis/pool/worker.js is missing: run `npm run build` (npm test does it first)');
const worker = { workerFile };

afterAll(async () => {
  await closeExtractPool();
});

const mixed = [
  { path: 'a.ts', source: 'export function f(x: number): number {\n  return g(x);\n}\n' },
  { path: 'b.py', source: 'def h():\n    return k()\n' },
  { path: 'c.rs', source: 'fn r() -> u32 {\n    s()\n}\n' },
  { path: 'd.js', source: 'export const v = () => w;\n' },
  { path: 'README.md', source: '# not code\n' },
];

describe('extractMany', () => {
  test('inline: entities as extractEntities returns them, identifier uses with lines, unsupported files absent', async () => {
    const result = await extractMany(mixed, { mode: 'inline' });
    expect([...result.keys()].sort()).toEqual(['a.ts', 'b.py', 'c.rs', 'd.js']);
    const a = result.get('a.ts');
    expect(a?.entities).toEqual((await extractEntities(mixed[0]?.source ?? '', 'typescript')).entities);
    expect(a?.identifiers).toEqual(expect.arrayContaining([{ name: 'g', line: 2 }, { name: 'x', line: 2 }]));
    // A declaration's own name is not a use of it.
    expect(a?.identifiers.some((u) => u.name === 'f')).toBe(false);
    expect(result.get('b.py')?.identifiers).toEqual([{ name: 'k', line: 2 }]);
    expect(result.get('c.rs')?.identifiers).toEqual([{ name: 's', line: 2 }]);
  });

  test('pool: the same results through worker threads (structured-clone safe)', async () => {
    const files = Array.from({ length: 30 }, (_, i) => ({ path: `m${i}.ts`, source: generateTsFile(i) })).concat(mixed);
    const inline = await extractMany(files, { mode: 'inline' });
    const pooled = await extractMany(files, { mode: 'pool', workerFile: worker.workerFile });
    expect(pooled).toEqual(inline);
  });

  test('auto: inline below the threshold, pool from it on', async () => {
    expect(shouldUsePool(POOL_MIN_FILES - 1, 'auto')).toBe(false);
    expect(shouldUsePool(POOL_MIN_FILES, 'auto')).toBe(true);
    expect(shouldUsePool(1, 'pool')).toBe(true);
    expect(shouldUsePool(1000, 'inline')).toBe(false);
    const big = Array.from({ length: POOL_MIN_FILES }, (_, i) => ({ path: `s${i}.ts`, source: `export const s${i} = ${i};\n` }));
    const result = await extractMany(big, { workerFile: worker.workerFile });
    expect(result.get('s3.ts')?.entities.map((e) => e.name)).toEqual(['s3']);
  });

  test('benchExtract reports throughput and the crossover table', async () => {
    const b = await benchExtract({ files: 40, runs: 1, workerFile: worker.workerFile });
    console.log(JSON.stringify(b));
    expect(b.files).toBe(40);
    expect(b.inlineFilesPerSecond).toBeGreaterThan(0);
    expect(b.poolWarmFilesPerSecond).toBeGreaterThan(0);
    expect(b.crossover.map((c) => c.files)).toEqual([4, 8, 16, 24, 32, 48, 64]);
  }, 120_000);
});
