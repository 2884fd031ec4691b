import { git } from './git.js';

/**
 * Files git does not track and does not ignore (`.env` with a secret, notes,
 * scratch files): the user's, not a story's. The sequential loop reads them
 * once before any agent runs and never commits them.
 */
export async function untrackedFiles(cwd: string): Promise<string[]> {
  const { stdout } = await git(['ls-files', '--others', '--exclude-standard', '-z'], { cwd });
  return stdout.split('\0').filter((path) => path !== '');
}
