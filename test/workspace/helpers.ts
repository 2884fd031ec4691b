import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '../../src/workspace/git.js';

/**
 * Tests must work on a machine with no git identity and must not pick up the
 * developer's global config (commit signing, hooks paths, default branch).
 */
export function useTestGitEnv(): void {
  process.env.GIT_AUTHOR_NAME = 'Test Author';
  process.env.GIT_AUTHOR_EMAIL = 'author@example.com';
  process.env.GIT_COMMITTER_NAME = 'Test Committer';
  process.env.GIT_COMMITTER_EMAIL = 'committer@example.com';
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  process.env.GIT_CONFIG_GLOBAL = '/dev/null';
}

export async function tempDir(prefix = 'ralph-wt-test-'): Promise<string> {
  // realpath: macOS tmpdir is a symlink, git reports the resolved path.
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Stage everything and commit; returns the new sha. */
export async function commitFiles(cwd: string, files: Record<string, string>, message: string): Promise<string> {
  await writeFiles(cwd, files);
  await git(['add', '-A'], { cwd });
  await git(['commit', '-q', '-m', message], { cwd });
  return (await git(['rev-parse', 'HEAD'], { cwd })).stdout.trim();
}

export interface TestRepo {
  dir: string;
  /** The initial commit on main. */
  initial: string;
  cleanup: () => Promise<void>;
}

/** A repo on branch main with one commit (plus `.gitignore` ignoring `.env*`). */
export async function makeRepo(files: Record<string, string> = { 'README.md': 'hello\n' }): Promise<TestRepo> {
  const dir = await tempDir();
  await git(['init', '-q', '-b', 'main', dir], { cwd: dir });
  const initial = await commitFiles(dir, { '.gitignore': '.env*\n', ...files }, 'initial');
  return { dir, initial, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
