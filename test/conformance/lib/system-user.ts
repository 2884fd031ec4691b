import { spawnSync } from 'node:child_process';

/**
 * Whether a login `name` exists on this machine. Synchronous so a suite can
 * choose `test` or `test.skip` when it is defined.
 */
export function userExists(name: string): boolean {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}

/** The numeric uid of `name` (throws when there is no such user). */
export function userId(name: string): number {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`no user "${name}"`);
  return Number(result.stdout.trim());
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Cases that switch to a normal user run only as root with that user present
 * (.ci/run creates it) and able to read this checkout and run node: a clone
 * under a folder only root may enter cannot be tested that way.
 */
export function canRunAs(name: string, checkout: string = process.cwd()): boolean {
  if (!runningAsRoot() || !userExists(name)) return false;
  const can = (args: string[]): boolean => spawnSync('runuser', ['-u', name, '--', ...args], { stdio: 'ignore' }).status === 0;
  return can(['test', '-r', `${checkout}/package.json`]) && can([process.execPath, '--version']);
}

/** The normal user of the as-a-user cases: RALPH_CONFORMANCE_USER, default `ralphtest`. */
export function normalUser(): string {
  return process.env['RALPH_CONFORMANCE_USER'] ?? 'ralphtest';
}
