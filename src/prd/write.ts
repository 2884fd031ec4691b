import { formatJson, writeFileAtomic } from '../util/atomic-write.js';

/** Rewrite prd.json atomically in Ralph's layout: 2-space JSON, trailing newline. */
export async function writePrd(path: string, raw: Record<string, unknown>): Promise<void> {
  await writeFileAtomic(path, formatJson(raw));
}
