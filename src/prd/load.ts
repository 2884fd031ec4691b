import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, errorMessage } from '../util/errors.js';
import { isRecord } from './is-record.js';
import { parseJsonWithLocation } from './parse-json.js';
import type { LoadedPrd } from './types.js';
import { validatePrdObject } from './validate.js';

/**
 * Parse and validate prd.json text. `file` is only used to name the file in
 * error messages; `raw` is the parsed object itself, unknown keys and all.
 */
export function parsePrd(text: string, file: string): Omit<LoadedPrd, 'path'> {
  const raw = parseJsonWithLocation(text, file);
  const prd = validatePrdObject(raw, file);
  // validatePrdObject has proven raw is an object; the guard keeps the types honest.
  if (!isRecord(raw)) throw new InputError(`${file}: must be a JSON object`);
  return { prd, raw };
}

/** Read, parse and validate a prd.json. Errors name the path as given. */
export async function loadPrd(path: string): Promise<LoadedPrd> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : errorMessage(error);
    throw new InputError(`${path}: cannot read PRD: ${reason}`);
  }
  return { path: resolve(path), ...parsePrd(text, path) };
}
