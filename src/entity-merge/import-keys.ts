/**
 * Several import statements from one module (`from .helpers import a` … `from .helpers import b`, common in Python
 * packages) share the key `import:<module>#n`, and ordinals cannot pair them once one side adds or removes such a
 * line: the scope was refused as ambiguous. Within a scope where a module is imported more than once in some
 * version, those statements are keyed by what they import instead (`import:<module>{a,b}#n`), so an added or
 * removed line is an addition or a deletion. Editing one of them becomes delete + add, which the resolution
 * matrix handles; a merged result importing a name twice is caught by verification (a key defined twice).
 */
import type { Entity } from '../analysis/types.js';
import { normaliseWhitespace } from '../analysis/text-index.js';

const baseOf = (key: string): string => key.replace(/#\d+$/, '');

function duplicatedImports(versions: readonly (readonly Entity[])[]): Set<string> {
  const dup = new Set<string>();
  for (const entities of versions) {
    const seen = new Set<string>();
    for (const e of entities) {
      if (e.family !== 'import') continue;
      const k = baseOf(e.key);
      if (seen.has(k)) dup.add(k);
      seen.add(k);
    }
  }
  return dup;
}

function rekey(entities: readonly Entity[], dup: ReadonlySet<string>): Entity[] {
  const ordinals = new Map<string, number>();
  return entities.map((e) => {
    const k = baseOf(e.key);
    if (e.family !== 'import' || !dup.has(k)) return e;
    const what = e.imports ? [...e.imports.names].sort().join(',') : normaliseWhitespace(e.text);
    const key = `${k}{${what}}`;
    const ordinal = ordinals.get(key) ?? 0;
    ordinals.set(key, ordinal + 1);
    // The name changes too: duplicate detection (match.ts) counts family:name.
    return { ...e, key: `${key}#${ordinal}`, name: `${e.name}{${what}}`, ordinal };
  });
}

/** The three entity lists of a scope, with repeated imports of one module keyed by their names. */
export function disambiguateImports(base: readonly Entity[], ours: readonly Entity[], theirs: readonly Entity[]): [Entity[], Entity[], Entity[]] {
  const dup = duplicatedImports([base, ours, theirs]);
  if (dup.size === 0) return [[...base], [...ours], [...theirs]];
  return [rekey(base, dup), rekey(ours, dup), rekey(theirs, dup)];
}
