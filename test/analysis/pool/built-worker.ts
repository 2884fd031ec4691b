/**
 * Worker threads need compiled JS, and jest runs the TypeScript sources: the tests use the worker `npm test`
 * built into dist/ (the file the pool itself picks when it runs from the sources), so its bare imports
 * (web-tree-sitter, tree-sitter-wasms) resolve from the project's node_modules.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

export function builtWorker(): string {
  const workerFile = join(ROOT, 'dist', 'src', 'analysis', 'pool', 'worker.js');
  if (!existsSync(workerFile)) throw new Error(`${workerFile} is missing: run \`npm run build\` (npm test does it first)`);
  return workerFile;
}
