import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The package root, from the compiled module's location (dist/src/cli/ → ../../..). */
export function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function fixturePath(...parts: string[]): string {
  return join(packageRoot(), 'fixtures', ...parts);
}

/**
 * ralph-wt's own version, from the nearest package.json named ralph-wt above
 * this module (dist/src/cli or src/cli). yargs' own lookup starts from the
 * working directory, so in a user's project it printed that project's version.
 */
export function ownVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const found = packageAt(dir);
    if (found?.name === 'ralph-wt' && typeof found.version === 'string') return found.version;
    if (dirname(dir) === dir) return 'unknown';
  }
}

function packageAt(dir: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}
