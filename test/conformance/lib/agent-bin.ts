import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';

/** One CLI pinned in test/conformance/agents.json. */
export interface AgentPin {
  package: string;
  version: string;
  bin: string;
}

const PINS_FILE = join(ROOT, 'test', 'conformance', 'agents.json');
const CACHE_DIR = join(ROOT, '.agent-clis');

function isPin(value: unknown): value is AgentPin {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields['package'] === 'string' && typeof fields['version'] === 'string' && typeof fields['bin'] === 'string';
}

export function agentPin(name: string): AgentPin {
  const pins: unknown = JSON.parse(readFileSync(PINS_FILE, 'utf8'));
  const pin = typeof pins === 'object' && pins !== null ? (pins as Record<string, unknown>)[name] : undefined;
  if (!isPin(pin)) throw new Error(`agent CLI "${name}" is not pinned in ${PINS_FILE}`);
  return pin;
}

/**
 * The directory holding the pinned CLI's executable, to put first on PATH.
 * Throws (never skips) when it is missing: a suite must not pass without the
 * real program it claims to test.
 */
export function agentBinDir(name: string): string {
  const pin = agentPin(name);
  const dir = join(CACHE_DIR, name, 'node_modules', '.bin');
  if (!existsSync(join(dir, pin.bin))) {
    throw new Error(`agent CLI "${name}" (${pin.package}@${pin.version}) is not installed in ${dir}: run \`node scripts/install-agents.mjs ${name}\``);
  }
  const installed = installedVersion(name, pin.package);
  if (installed !== pin.version) {
    throw new Error(`agent CLI "${name}" is ${installed ?? 'unknown'} in ${dir}, pinned ${pin.version}: run \`node scripts/install-agents.mjs ${name}\``);
  }
  return dir;
}

/** PATH with the pinned CLI first (then `rest`, the test process's PATH by default). */
export function pathWithAgent(name: string, rest: string = process.env['PATH'] ?? '/usr/bin:/bin'): string {
  return `${agentBinDir(name)}${delimiter}${rest}`;
}

function installedVersion(name: string, pkg: string): string | null {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(CACHE_DIR, name, 'node_modules', pkg, 'package.json'), 'utf8'));
    const version = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>)['version'] : undefined;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}
