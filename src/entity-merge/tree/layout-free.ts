import { normaliseWhitespace } from '../../analysis/text-index.js';

/**
 * Text with its layout removed: whitespace runs collapsed and trailing commas before a closing bracket dropped (what
 * formatters add when they wrap a list), so a re-wrapped list compares equal to the original.
 */
export function layoutFree(text: string): string {
  return normaliseWhitespace(text).replace(/,\s*([)\]}>])/g, '$1').replace(/([([{<])\s+/g, '$1').replace(/\s+([)\]}>])/g, '$1');
}
