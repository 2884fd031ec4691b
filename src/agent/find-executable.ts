import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * Where `command` would be found when spawned from `cwd`, or null. A name
 * with a slash is a path (relative to cwd); a bare name is looked up on PATH
 * the way execvp does, so a missing agent is found before anything is created
 * rather than story by story.
 */
export async function findExecutable(command: string, cwd: string, pathVar: string = process.env.PATH ?? ''): Promise<string | null> {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return (await isExecutableFile(path)) ? path : null;
  }
  for (const dir of pathVar.split(delimiter)) {
    // An empty PATH entry means the current directory (POSIX).
    const candidate = join(dir === '' ? cwd : resolve(cwd, dir), command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
