/**
 * The real-merge corpus of `npm run bench -- merge-replay` (issue 14): file triples from merge commits of public
 * repositories where git merge-file conflicts and the human's committed file equals neither side.
 *
 * What is committed is a manifest per repository (fixtures/merge-replay/<owner+repo>/manifest.json): the HEAD
 * scanned, the selection rules and, per case, the merge commit, its parents, the merge base, the path and the four
 * blob ids. The file texts are the repositories' code, so they are not committed: `materialize` (mine-merges.ts)
 * writes them from a local clone into fixtures/merge-replay/<owner+repo>/cases/ (git-ignored), checking every blob
 * id, and the bench reads them from there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageForPath } from '../src/analysis/languages.js';

export type Family = 'ts/js' | 'python' | 'rust';

export interface ManifestCase {
  name: string;
  mergeCommit: string;
  parents: [string, string];
  mergeBase: string;
  path: string;
  /** Blob ids of the four versions: merge base, first parent, second parent, merge commit. */
  blobs: { base: string; ours: string; theirs: string; human: string };
  /** Sum of the four versions' sizes. */
  bytes: number;
  /** Conflict hunks git merge-file reported. */
  gitConflicts: number;
}

export interface Selection {
  /** Most recent merge commits examined (first-parent order is not required: `git log --merges`). */
  maxMerges: number;
  maxFileBytes: number;
  maxCases: number;
  maxPerMerge: number;
  budgetBytes: number;
}

export interface Manifest {
  repo: string;
  /** HEAD of the clone the history was scanned from. */
  head: string;
  license: string;
  selection: Selection;
  /** Candidates seen before the caps: files git conflicted on where the human kept neither side. */
  eligible: number;
  cases: ManifestCase[];
}

export interface CorpusCase {
  /** `<owner+repo>/<case name>`. */
  name: string;
  repo: string;
  path: string;
  family: Family;
  base: string;
  ours: string;
  theirs: string;
  human: string;
}

/**
 * Rules for the entity merge are developed by looking at the failures of the tune repositories only; the figures that
 * count are those of the held-out repositories, whose cases nobody inspects (only their aggregate figures are read).
 * A repository in neither list (a newly mined one) is held out.
 */
export type Split = 'tune' | 'heldOut';

export const TUNE_REPOS: readonly string[] = ['Automattic/mongoose', 'pallets/click', 'rust-lang/cargo', 'rust-lang/miri', 'scrapy/scrapy', 'webpack/webpack', 'ipython/ipython'];

export function splitOf(repo: string): Split {
  return TUNE_REPOS.includes(repo) ? 'tune' : 'heldOut';
}

export const CORPUS_DIR = join('fixtures', 'merge-replay');

export function familyOf(path: string): Family | null {
  switch (languageForPath(path)) {
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return 'ts/js';
    case 'python':
      return 'python';
    case 'rust':
      return 'rust';
    case null:
      return null;
  }
}

/**
 * Text compared with whitespace ignored: every run of whitespace removed and blank lines dropped. Used both to pick
 * cases (the human kept neither side even ignoring whitespace) and to score results (equal to the human's file).
 */
export function withoutWhitespace(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line !== '')
    .join('\n');
}

export function sameIgnoringWhitespace(a: string, b: string): boolean {
  return a === b || withoutWhitespace(a) === withoutWhitespace(b);
}

export function extOf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

export function readManifests(root: string): Manifest[] {
  return readManifestsIn<Manifest>(join(root, CORPUS_DIR));
}

/** Every `<owner+repo>/manifest.json` under `dir`, in directory-name order (both corpora keep this layout). */
export function readManifestsIn<T>(dir: string): T[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'manifest.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name, 'manifest.json'), 'utf8')) as T);
}

export function caseDir(root: string, repo: string, name: string): string {
  return join(root, CORPUS_DIR, repo.replace('/', '+'), 'cases', name);
}

/** The materialised cases of every manifest; throws naming the command when a repository's texts are missing. */
export function loadMergeReplayCorpus(root: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const manifest of readManifests(root)) {
    for (const c of manifest.cases) {
      const dir = caseDir(root, manifest.repo, c.name);
      const ext = extOf(c.path);
      const family = familyOf(c.path);
      if (family === null) continue;
      if (!existsSync(join(dir, `human.${ext}`))) {
        throw new Error(`${dir} is missing: run \`node dist/bench/mine-merges.js materialize\` (needs clones of the corpus repositories, see fixtures/merge-replay/README.md)`);
      }
      const read = (side: string): string => readFileSync(join(dir, `${side}.${ext}`), 'utf8');
      cases.push({ name: `${manifest.repo.replace('/', '+')}/${c.name}`, repo: manifest.repo, path: c.path, family, base: read('base'), ours: read('ours'), theirs: read('theirs'), human: read('human') });
    }
  }
  return cases;
}
