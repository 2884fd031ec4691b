import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { cosmiconfig, defaultLoaders, type CosmiconfigResult } from 'cosmiconfig';
import { InputError, errorMessage } from '../util/errors.js';
import type { SettingsLayer } from './layer.js';
import { rcToLayer } from './rc-to-layer.js';
import { pathExists } from '../util/path-exists.js';

/** Where an rc file may live in each directory, first match wins. */
export const RC_SEARCH_PLACES = [
  'package.json',
  '.ralphrc',
  '.ralphrc.json',
  '.ralphrc.yaml',
  '.ralphrc.yml',
  '.ralphrc.js',
  '.ralphrc.cjs',
  '.ralphrc.mjs',
  'ralph.config.js',
  'ralph.config.cjs',
  'ralph.config.mjs',
] as const;

export interface LoadedRc {
  /** Absolute path of the rc file, or null when none was found. */
  path: string | null;
  layer: SettingsLayer;
}

/**
 * Load the rc file: the one named explicitly, else the nearest one from `cwd`
 * up to the project root (the nearest directory holding `.git`).
 *
 * Directories are walked here rather than by cosmiconfig: its `project`
 * strategy (9.0.1) does not stop at package.json and climbs to `/`, and its
 * `stopDir` mode also reads the user's global config directory — either
 * would let a stray file far outside the project change a run.
 */
export async function loadRc(options: { cwd: string; rcPath?: string }): Promise<LoadedRc> {
  const explorer = cosmiconfig('ralph', {
    searchPlaces: [...RC_SEARCH_PLACES],
    searchStrategy: 'none',
    cache: false,
    // An explicitly named file with another extension (`--config .ralphrc.example`)
    // is read as YAML, which also covers JSON.
    loaders: { default: defaultLoaders['.yaml'] },
  });
  const result = options.rcPath === undefined
    ? await searchUpward(options.cwd, (dir) => explorer.search(dir))
    : await loadExplicit(resolve(options.cwd, options.rcPath), options.rcPath, (file) => explorer.load(file));
  if (result === null) return { path: null, layer: {} };
  const shownPath = displayPath(options.cwd, result.filepath);
  const layer = result.isEmpty === true || result.config === undefined ? {} : rcToLayer(result.config, shownPath);
  return { path: result.filepath, layer };
}

async function searchUpward(
  cwd: string,
  search: (dir: string) => Promise<CosmiconfigResult>,
): Promise<CosmiconfigResult> {
  for (const dir of await searchDirectories(resolve(cwd))) {
    const result = await guard(dir, () => search(dir));
    if (result !== null) return result;
  }
  return null;
}

async function loadExplicit(
  file: string,
  shown: string,
  load: (file: string) => Promise<CosmiconfigResult>,
): Promise<CosmiconfigResult> {
  try {
    await stat(file);
  } catch {
    throw new InputError(`${shown}: rc file not found`);
  }
  return guard(file, () => load(file));
}

/** Turn a YAML/JSON syntax error or a throwing JS config into an InputError naming the file. */
async function guard(where: string, run: () => Promise<CosmiconfigResult>): Promise<CosmiconfigResult> {
  try {
    return await run();
  } catch (error) {
    const file = (error as { filepath?: unknown }).filepath;
    const name = typeof file === 'string' ? file : where;
    throw new InputError(`${name}: cannot load rc file: ${errorMessage(error)}`);
  }
}

/** `cwd` and its ancestors up to the project root; only `cwd` outside a git checkout. */
export async function searchDirectories(cwd: string): Promise<string[]> {
  const dirs: string[] = [];
  let current = cwd;
  for (;;) {
    dirs.push(current);
    if (await pathExists(resolve(current, '.git'))) return dirs;
    const parent = dirname(current);
    if (parent === current) return [cwd];
    current = parent;
  }
}


function displayPath(cwd: string, file: string): string {
  const shown = relative(resolve(cwd), file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}
