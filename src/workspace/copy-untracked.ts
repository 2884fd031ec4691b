import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readlink, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix } from 'node:path';
import fg from 'fast-glob';
import { InputError } from '../util/errors.js';
import { git } from './git.js';

/**
 * A fresh worktree holds only tracked files; what a build needs but git does
 * not track (`.env`, local config) is copied in from the main checkout.
 */

export interface CopyUntrackedOptions {
  /** The main checkout (source). */
  from: string;
  /** The story's worktree (destination). */
  to: string;
  /** Repo-relative globs, e.g. `['.env', '.env.*', 'config/local.json']`. */
  globs: readonly string[];
  /** Extra ignore globs (e.g. a worktree dir configured inside the repo). */
  ignore?: readonly string[];
  /** Replace files already present in the worktree (default false: a resumed worktree keeps its copy). */
  overwrite?: boolean;
}

/** How many pathspecs go into one `git ls-files` call (keeps argv small). */
const LS_FILES_CHUNK = 200;

function assertRelativeGlob(glob: string): void {
  const segments = glob.split(/[\\/]/);
  if (isAbsolute(glob) || segments.includes('..')) {
    throw new InputError(`worktree copy glob "${glob}" must be relative to the repository and stay inside it`);
  }
}

/** The subset of paths that git tracks in `cwd`. */
async function trackedAmong(cwd: string, paths: readonly string[]): Promise<Set<string>> {
  const tracked = new Set<string>();
  for (let i = 0; i < paths.length; i += LS_FILES_CHUNK) {
    // :(literal) so a file literally named `*.ts` is not read as a glob.
    const specs = paths.slice(i, i + LS_FILES_CHUNK).map((path) => `:(literal)${path}`);
    const { stdout } = await git(['ls-files', '-z', '--cached', '--', ...specs], { cwd });
    for (const path of stdout.split('\0')) if (path !== '') tracked.add(path);
  }
  return tracked;
}

async function isPresent(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Copy matching untracked files; returns the repo-relative (posix) paths copied. */
export async function copyUntracked(options: CopyUntrackedOptions): Promise<string[]> {
  const { from, to, globs, overwrite = false } = options;
  if (globs.length === 0) return [];
  globs.forEach(assertRelativeGlob);
  // onlyFiles would drop symlinks (fast-glob classifies them by lstat), so
  // take every entry and keep regular files and links.
  const entries = await fg([...globs], {
    cwd: from,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    unique: true,
    ignore: ['**/.git/**', '.git', ...(options.ignore ?? [])],
  });
  const matches = entries.filter((entry) => entry.dirent.isFile() || entry.dirent.isSymbolicLink()).map((entry) => entry.path);
  if (matches.length === 0) return [];
  const tracked = await trackedAmong(from, matches);
  const copied: string[] = [];
  for (const relative of [...matches].sort()) {
    if (tracked.has(relative)) continue;
    const source = join(from, ...relative.split(posix.sep));
    const target = join(to, ...relative.split(posix.sep));
    if (!overwrite && (await isPresent(target))) continue;
    await mkdir(dirname(target), { recursive: true });
    const info = await lstat(source);
    if (info.isSymbolicLink()) {
      // Recreate the link itself; copying its target could pull in files from outside the repo.
      if (await isPresent(target)) continue;
      await symlink(await readlink(source), target);
    } else {
      // copyFile keeps the mode bits; FICLONE makes it a cheap reflink where the filesystem allows.
      await copyFile(source, target, constants.COPYFILE_FICLONE);
    }
    copied.push(relative);
  }
  return copied;
}
