/**
 * Where the compiled worker lives. Worker threads need plain JS: next to this module when running from dist/,
 * or the dist/ twin of the source tree when this module runs as TypeScript (jest). Null when neither exists,
 * in which case extraction stays inline.
 */
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultWorkerFile(): string | null {
  const sibling = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const marker = `${sep}src${sep}analysis${sep}pool${sep}`;
  const at = sibling.lastIndexOf(marker);
  if (at < 0) return null;
  const twin = `${sibling.slice(0, at)}${sep}dist${sibling.slice(at)}`;
  return existsSync(twin) ? twin : null;
}
