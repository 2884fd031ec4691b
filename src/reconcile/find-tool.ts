import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}


/** The first executable among explicit candidates, then `name` on PATH; null when none (never downloads: no npx). */
export async function findTool(name: string, candidates: readonly string[], pathEnv: string | undefined = process.env['PATH']): Promise<string | null> {
  for (const candidate of candidates) if (await isExecutable(candidate)) return candidate;
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (dir === '') continue;
    const full = join(dir, name);
    if (await isExecutable(full)) return full;
  }
  return null;
}
