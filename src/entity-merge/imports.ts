/**
 * Import statements changed by both sides: named specifiers of one source merge as a set into one statement
 * (ours' list, minus what theirs removed, plus what theirs added), rendered in ours' layout. Anything else about the
 * statement (default import, source, `type`) must agree, or the caller reports an import conflict.
 */
import type { Entity } from '../analysis/types.js';
import { normaliseWhitespace } from '../analysis/text-index.js';

interface ListParts {
  prefix: string;
  suffix: string;
  content: string;
  items: string[];
}

function parts(e: Entity): ListParts | null {
  const list = e.imports?.specifiers;
  if (!list) return null;
  return { prefix: e.text.slice(0, list.start), suffix: e.text.slice(list.end), content: e.text.slice(list.start, list.end), items: list.items };
}

/** Render items in the style of ours' list: one line, or one item per line with ours' indentation and trailing comma. */
function renderList(content: string, items: string[]): string {
  const leading = /^\s*/.exec(content)?.[0] ?? '';
  const trailing = /\s*$/.exec(content)?.[0] ?? '';
  const body = content.trim();
  const trailingComma = body.endsWith(',');
  if (content.includes('\n')) {
    const indent = leading.slice(leading.lastIndexOf('\n') + 1);
    return `${leading}${items.join(`,\n${indent}`)}${trailingComma ? ',' : ''}${trailing}`;
  }
  return `${leading}${items.join(', ')}${trailingComma ? ',' : ''}${trailing}`;
}

/** Text of the list besides its specifiers, commas and whitespace: comments, or `\` line continuations (Python). */
function extraText(p: ListParts): string {
  let rest = p.content;
  for (const item of p.items) rest = rest.replace(item, '');
  return normaliseWhitespace(rest).replace(/[\s,]/g, '');
}

const hasExtraText = (p: ListParts): boolean => extraText(p) !== '';
const onlyContinuations = (p: ListParts): boolean => /^\\*$/.test(extraText(p));
const sameItems = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Merged statement text, or null when the statements cannot be merged as specifier sets. */
export function mergeImportStatements(base: Entity | undefined, ours: Entity, theirs: Entity): string | null {
  const o = parts(ours);
  const t = parts(theirs);
  const b = base ? parts(base) : { prefix: '', suffix: '', content: '', items: [] };
  if (!o || !t || !b) return null;
  // A list holding anything besides its specifiers and commas (comments) cannot be re-rendered from the items
  // without losing it: leave it to the tree merge, or conflict.
  // Lines continued with `\` (Python's unparenthesised `from m import a, \`) cannot be re-rendered either; the merge
  // stands only when it is exactly one side's list, and then it is that side's statement.
  const continued = [o, t, b].some(hasExtraText);
  if (continued && ![o, t, b].every(onlyContinuations)) return null;
  const frame = (p: ListParts): string => `${normaliseWhitespace(p.prefix)}\u0000${normaliseWhitespace(p.suffix)}`;
  if (frame(o) !== frame(t) || (base && frame(b) !== frame(o))) return null;
  const removedByTheirs = new Set(b.items.filter((i) => !t.items.includes(i)));
  const result = o.items.filter((i) => !removedByTheirs.has(i));
  const added = t.items.filter((i) => !b.items.includes(i) && !result.includes(i));
  for (const item of added) {
    // After the predecessor it had in theirs, else first.
    const at = t.items.indexOf(item);
    let pos = 0;
    for (let j = at - 1; j >= 0; j--) {
      const idx = result.indexOf(t.items[j] ?? '');
      if (idx >= 0) {
        pos = idx + 1;
        break;
      }
    }
    // Ours' additions come first at a shared anchor (deterministic, as for entities).
    while (pos < result.length && !b.items.includes(result[pos] ?? '') && !t.items.includes(result[pos] ?? '')) pos++;
    result.splice(pos, 0, item);
  }
  if (result.length === 0) return null;
  // Two specifiers binding the same local name (`a` and `b as a`) would be a redeclaration.
  const locals = result.map((i) => i.split(/\s+as\s+/).pop()?.replace(/^type\s+/, '') ?? i);
  if (new Set(locals).size !== locals.length) return null;
  if (continued) {
    if (sameItems(result, o.items)) return ours.text;
    return sameItems(result, t.items) ? theirs.text : null;
  }
  return `${o.prefix}${renderList(o.content, result)}${o.suffix}`;
}
