/**
 * Stage 3: the layout of a scope as a token list: every line of gap text is one token (terminator included), every
 * entity is a single placeholder token. Line diff3 over these "skeletons" merges the gaps and the positions of
 * entities while entity bodies are resolved separately (resolve.ts).
 */
import type { Entity } from '../analysis/types.js';
import { splitLines } from './lines.js';

/** One version of a scope: its text, its entities (absolute offsets) and the absolute offset of the text. */
export interface ScopeVersion {
  text: string;
  entities: readonly Entity[];
  offset: number;
}

// NUL never occurs in accepted input (prepare refuses binary files), so placeholders cannot collide with text.
const PREFIX = '\u0000E\u0000';
const SUFFIX = '\u0000';

/** Flag that distinguishes a modified copy of an entity from base's, to force a region conflict on delete/modify. */
export const MODIFIED_FLAG = '~';

export function placeholder(key: string, flag = ''): string {
  return `${PREFIX}${key}${SUFFIX}${flag}`;
}

export function parsePlaceholder(token: string): { key: string; flagged: boolean } | null {
  if (!token.startsWith(PREFIX)) return null;
  const end = token.indexOf(SUFFIX, PREFIX.length);
  if (end < 0) return null;
  return { key: token.slice(PREFIX.length, end), flagged: token.slice(end + SUFFIX.length) === MODIFIED_FLAG };
}

export function skeleton(version: ScopeVersion, flagged: ReadonlySet<string>): string[] {
  const tokens: string[] = [];
  let cursor = 0;
  for (const e of version.entities) {
    const start = e.startByte - version.offset;
    const end = e.endByte - version.offset;
    if (start < cursor || end > version.text.length) throw new Error(`invariant: entity ${e.key} outside its scope or overlapping`);
    tokens.push(...splitLines(version.text.slice(cursor, start)));
    tokens.push(placeholder(e.key, flagged.has(e.key) ? MODIFIED_FLAG : ''));
    cursor = end;
  }
  tokens.push(...splitLines(version.text.slice(cursor)));
  return tokens;
}
