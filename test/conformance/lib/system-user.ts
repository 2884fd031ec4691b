import { spawnSync } from 'node:child_process';

/**
 * Whether a login `name` exists on this machine. Synchronous so a suite can
 * choose `test` or `test.skip` when it is defined.
 */
export function userExists(name: string): boolean {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Cases that switch to a normal user run only as root with that user present (.ci/run creates it). */
export function canRunAs(name: string): boolean {
  return runningAsRoot() && userExists(name);
}
