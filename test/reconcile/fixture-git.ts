import { execa } from 'execa';
import { FIXTURE_GIT_ENV } from '../../bench/reconcile-case.js';

/** Any git command in a fixture repo, with the fixtures' pinned identity and config; its trimmed stdout. */
export async function fixtureGit(cwd: string, args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env: { ...FIXTURE_GIT_ENV, LC_ALL: 'C' }, stdin: 'ignore' })).stdout.trim();
}
