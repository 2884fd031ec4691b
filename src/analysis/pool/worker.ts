/**
 * Piscina worker: each thread loads the wasm runtime and grammars once (cached in analysis/languages.ts) and
 * analyses batches of files. Runs as compiled JS (dist/src/analysis/pool/worker.js).
 */
import { analyseFile } from './analyse-file.js';
import type { WorkerResult, WorkerTask } from './types.js';

export default async function analyseBatch(task: WorkerTask): Promise<WorkerResult> {
  const out: WorkerResult = [];
  for (const file of task.files) {
    const analysis = await analyseFile(file.path, file.source);
    if (analysis) out.push([file.path, analysis]);
  }
  return out;
}
