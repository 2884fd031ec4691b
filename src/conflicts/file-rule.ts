/** The `file` strategy, and the fallback of the `entity` strategy for files it cannot analyse. */
import type { DetectedConflict } from './types.js';
import type { VersionedFiles } from './versions.js';

/**
 * A file both branches changed, unless both ended with the same content (an identical change merges cleanly under
 * every strategy, so reporting it would only be noise).
 */
export function fileConflict(files: VersionedFiles, path: string, why: string): DetectedConflict | null {
  const ours = files.content('ours', path);
  const theirs = files.content('theirs', path);
  if (ours === theirs) return null;
  const base = files.content('base', path);
  if (base !== null && (ours === null || theirs === null)) {
    const deleter = ours === null ? 'ours' : 'theirs';
    return { rule: 'delete-modify', file: path, entity: null, message: `${path}: deleted in ${deleter}, modified in ${deleter === 'ours' ? 'theirs' : 'ours'}` };
  }
  if (base === null) return { rule: 'both-added', file: path, entity: null, message: `${path}: added on both branches with different content` };
  return { rule: 'same-file', file: path, entity: null, message: `${path}: changed on both branches${why ? ` (${why})` : ''}` };
}
