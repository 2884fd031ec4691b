/**
 * Worker threads need compiled JS, and jest runs the TypeScript sources: compile the worker's import closure
 * with tsc into a scratch directory under node_modules/.cache, so its bare imports (web-tree-sitter,
 * tree-sitter-wasms) resolve from the project's node_modules and package.json's "type": "module" applies.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

export async function compileWorker(): Promise<{ workerFile: string; cleanup: () => Promise<void> }> {
  const cache = join(ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const out = await mkdtemp(join(cache, 'ralph-wt-pool-'));
  const tsconfig = join(out, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { outDir: out, rootDir: ROOT, sourceMap: false, noEmit: false },
      files: [join(ROOT, 'src', 'analysis', 'pool', 'worker.ts')],
      include: [],
    }),
  );
  await execa(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], { cwd: ROOT });
  return { workerFile: join(out, 'src', 'analysis', 'pool', 'worker.js'), cleanup: () => rm(out, { recursive: true, force: true }) };
}
