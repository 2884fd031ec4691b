import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The package root, from the compiled module's location (dist/src/cli/ → ../../..). */
export function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function fixturePath(...parts: string[]): string {
  return join(packageRoot(), 'fixtures', ...parts);
}
