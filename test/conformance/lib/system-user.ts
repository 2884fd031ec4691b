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

/** Cases that switch to a normal user run only as root with that user present (.ci/run creates it). */
export function canRunAs(name: string): boolean {
  return runningAsRoot() && userExists(name);
}

/** The normal user of the as-a-user cases: RALPH_CONFORMANCE_USER, default `ralphtest`. */
export function normalUser(): string {
  return process.env['RALPH_CONFORMANCE_USER'] ?? 'ralphtest';
}
