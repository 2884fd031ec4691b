import { createHash } from 'node:crypto';
import { normaliseWhitespace } from './text-index.js';

/** sha1 of the whitespace-normalised text: equal for entities that differ only in formatting. */
export function entityHash(text: string): string {
  return createHash('sha1').update(normaliseWhitespace(text)).digest('hex');
}
