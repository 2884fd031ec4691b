import type { UserStory } from '../../prd/types.js';
import { goesFirst } from '../story-order.js';
import { globMatcher } from './glob/match.js';
import { compiledOverlap } from './glob/intersect.js';
import { compileGlob, type Segment } from './glob/parse.js';

/** Two stories whose targetFiles can touch the same path. */
export interface FileOverlap {
  /** Index of the story that goes first (the dependency). */
  first: number;
  /** Index of the dependent story. */
  second: number;
  /** The colliding globs: one of `first`'s, one of `second`'s. */
  globs: readonly [string, string];
  /** Existing repository files both globs match, sorted (may be empty). */
  paths: readonly string[];
  /** A path both globs could match, from the symbolic check; null if only real files collide. */
  witness: string | null;
}

const MAX_NAMED_PATHS = 3;

/**
 * Every pair of stories whose targetFiles overlap, decided symbolically (can
 * the globs match a common path?) and, when `repoFiles` is given, against the
 * repository's files (which names the actual colliding paths). Pure.
 */
export function findFileOverlaps(stories: readonly UserStory[], repoFiles: readonly string[] | null): FileOverlap[] {
  // Compile each distinct glob once and each distinct glob pair once: PRDs repeat globs a lot.
  const compiled = new Map<string, Segment[][]>();
  const compile = (glob: string): Segment[][] => {
    let c = compiled.get(glob);
    if (c === undefined) {
      c = compileGlob(glob);
      compiled.set(glob, c);
    }
    return c;
  };
  const symbolic = new Map<string, string | null>();
  const overlapOf = (a: string, b: string): string | null => {
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    let witness = symbolic.get(key);
    if (witness === undefined) {
      witness = compiledOverlap(compile(a), compile(b));
      symbolic.set(key, witness);
    }
    return witness;
  };
  const matches = new Map<string, ReadonlySet<string>>();
  const filesOf = (glob: string): ReadonlySet<string> => {
    let found = matches.get(glob);
    if (found === undefined) {
      const test = globMatcher(glob);
      found = new Set((repoFiles ?? []).filter(test));
      matches.set(glob, found);
    }
    return found;
  };

  const overlaps: FileOverlap[] = [];
  for (let i = 0; i < stories.length; i++) {
    const a = stories[i]?.targetFiles ?? [];
    if (a.length === 0) continue;
    for (let j = i + 1; j < stories.length; j++) {
      const b = stories[j]?.targetFiles ?? [];
      if (b.length === 0) continue;
      const aFirst = goesFirst(stories, i, j);
      const found = pairOverlap(aFirst ? a : b, aFirst ? b : a, overlapOf, repoFiles === null ? null : filesOf);
      if (found !== null) overlaps.push({ first: aFirst ? i : j, second: aFirst ? j : i, ...found });
    }
  }
  return overlaps;
}

function pairOverlap(
  first: readonly string[],
  second: readonly string[],
  overlapOf: (a: string, b: string) => string | null,
  filesOf: ((glob: string) => ReadonlySet<string>) | null,
): Omit<FileOverlap, 'first' | 'second'> | null {
  let best: Omit<FileOverlap, 'first' | 'second'> | null = null;
  const allPaths = new Set<string>();
  for (const ga of first) {
    for (const gb of second) {
      const witness = overlapOf(ga, gb);
      const paths: string[] = [];
      if (filesOf !== null) {
        const other = filesOf(gb);
        for (const path of filesOf(ga)) if (other.has(path)) paths.push(path);
      }
      if (witness === null && paths.length === 0) continue;
      for (const p of paths) allPaths.add(p);
      // Name the glob pair with real colliding files if there is one.
      if (best === null || (best.paths.length === 0 && paths.length > 0)) {
        best = { globs: [ga, gb], paths, witness };
      }
    }
  }
  return best === null ? null : { ...best, paths: [...allPaths].sort() };
}

/** "both touch src/api/**\/*.ts and src/api/user.ts (src/api/user.ts)". */
export function describeOverlap(overlap: FileOverlap): string {
  const [ga, gb] = overlap.globs;
  const globs = ga === gb ? ga : `${ga} and ${gb}`;
  const shown = overlap.paths.slice(0, MAX_NAMED_PATHS);
  const files =
    shown.length > 0
      ? `${shown.join(', ')}${overlap.paths.length > MAX_NAMED_PATHS ? ', …' : ''}`
      : `no such file yet, e.g. ${overlap.witness ?? '?'}`;
  return `both touch ${globs} (${files})`;
}
