/**
 * Real-merge replay, following the method the weave merge driver publishes: for merge commits of public
 * repositories, re-merge every file both parents changed (base = the merge base of the parents) and compare with
 * the file the human committed. Compared with `git merge-file` on the same triples:
 *  - resolution: git conflicted, ralph-wt merged cleanly;
 *  - human match: the clean result equals the committed file;
 *  - regressions: git was clean and equal to the human's file, ralph-wt was clean and different;
 *  - lost clean merges: git was clean, ralph-wt conflicted (allowed by design, counted).
 * Cases where the human simply kept one side unchanged are counted separately (a merge tool cannot be expected
 * to guess which side a human discarded), and the figures are also given on the rest.
 *
 * What is committed is one manifest per repository (fixtures/replay/<owner+repo>/manifest.json: the HEAD scanned,
 * the selection parameters and, per case, the merge commit, its parents, the merge base, the path and the four blob
 * ids). The file texts are the repositories' code, so they are not committed: `mine-merges.js materialize` writes
 * them from a clone into fixtures/replay/<owner+repo>/cases/ (git-ignored), checking every blob id, and the bench
 * reads them from there. `collect` writes a repository's manifest from a clone (see fixtures/replay/README.md).
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { languageForPath } from '../src/analysis/languages.js';
import { gitMergeFile } from '../src/entity-merge/git-merge-file.js';
import { mergeFileBuffers } from '../src/entity-merge/merge-files.js';
import { readManifestsIn, type ManifestCase } from './merge-replay-corpus.js';

export interface ReplayMeta {
  repo: string;
  mergeCommit: string;
  parents: [string, string];
  mergeBase: string;
  path: string;
}

export interface ReplayCase {
  name: string;
  meta: ReplayMeta;
  ext: string;
  base: string;
  ours: string;
  theirs: string;
  human: string;
}

export interface ReplayFigures {
  cases: number;
  gitConflicts: number;
  /** Of the git conflicts: merged cleanly by ralph-wt, and of those equal to the human's file. */
  resolved: number;
  resolvedMatchingHuman: number;
  /** Of the git conflicts, clean but different from the human's file. */
  resolvedDifferent: number;
  gitClean: number;
  gitCleanMatchingHuman: number;
  /** Git clean: ralph-wt clean and equal to the human where git was not. */
  improved: number;
  /** Git clean and equal to the human; ralph-wt clean and different. Target 0. */
  regressions: number;
  /** Git clean; ralph-wt conflicted. */
  lostClean: number;
  /** How many were decided by the entity merge (the rest fell back to git merge-file). */
  entityDecided: number;
}

export interface ReplayReport {
  sameEntity: 'conflict' | 'diff3';
  all: ReplayFigures;
  /** Cases where the human kept one side unchanged (human == ours or human == theirs). */
  keptOneSide: ReplayFigures;
  /** The rest: the human combined both sides. */
  combined: ReplayFigures;
  byRepo: Record<string, ReplayFigures>;
  /** Percentages on `all` and `combined`. */
  rates: { resolution: number; humanMatch: number; combinedResolution: number; combinedHumanMatch: number };
  /**
   * What the set must show (it is the repositories' code, so no test can hold it): no clean git merge that matched
   * the human made worse, some git conflicts resolved, and more resolutions equal to the human's file than not.
   */
  checks: { noRegressions: boolean; resolvesSome: boolean; mostResolutionsMatchHuman: boolean };
  details: ReplayDetail[];
}

export interface ReplayDetail {
  name: string;
  git: 'clean' | 'conflict';
  gitMatchesHuman: boolean;
  ralph: 'clean' | 'conflict';
  ralphMatchesHuman: boolean;
  method: 'entity' | 'git';
  keptOneSide: boolean;
  reason?: string;
}

/** The parameters `collect` chose a repository's cases with (recorded in its manifest). */
export interface ReplaySelection {
  /** Most recent merge commits examined (`git rev-list --merges HEAD`). */
  maxMerges: number;
  /** Files larger than this (bytes, any version) were skipped. */
  maxFileBytes: number;
  /** Sum of the chosen cases' four versions (string length). */
  budgetBytes: number;
  /** At most this many cases git merges cleanly. */
  maxGitClean: number;
}

export interface ReplayManifest {
  repo: string;
  /** HEAD of the clone the history was scanned from. */
  head: string;
  license: string;
  selection: ReplaySelection;
  /** `gitConflicts` is 0 for the cases git merges cleanly. */
  cases: ManifestCase[];
}

export const REPLAY_DIR = join('fixtures', 'replay');

/** The manifests under `dir` (fixtures/replay), one per `<owner+repo>/manifest.json`. */
export function readReplayManifests(dir: string): ReplayManifest[] {
  return readManifestsIn<ReplayManifest>(dir);
}

export function replayCaseDir(dir: string, repo: string, name: string): string {
  return join(dir, repo.replace('/', '+'), 'cases', name);
}

const extOfPath = (path: string): string => path.slice(path.lastIndexOf('.') + 1);

/** Thrown when the manifests are there but the texts are not; its message is one line naming the command. */
export class ReplayNotMaterialisedError extends Error {
  constructor(dir: string, manifests: readonly ReplayManifest[]) {
    super(notMaterialisedMessage(dir, manifests));
    this.name = 'ReplayNotMaterialisedError';
  }
}

export function notMaterialisedMessage(dir: string, manifests: readonly ReplayManifest[]): string {
  return `${dir} is not materialised: run \`node dist/bench/mine-merges.js materialize <mirror-root> replay\` with clones of ${manifests.map((m) => m.repo).join(', ')} under <mirror-root> (see fixtures/replay/README.md)`;
}

/** The materialised cases of every manifest under `dir` (fixtures/replay); throws the one-line message when texts are missing. */
export function loadReplaySet(dir: string): ReplayCase[] {
  const manifests = readReplayManifests(dir);
  const cases: ReplayCase[] = [];
  for (const manifest of manifests) {
    for (const c of manifest.cases) {
      const caseDir = replayCaseDir(dir, manifest.repo, c.name);
      const ext = extOfPath(c.path);
      if (!existsSync(join(caseDir, `human.${ext}`))) throw new ReplayNotMaterialisedError(dir, manifests);
      const read = (side: string): string => readFileSync(join(caseDir, `${side}.${ext}`), 'utf8');
      const meta: ReplayMeta = { repo: manifest.repo, mergeCommit: c.mergeCommit, parents: c.parents, mergeBase: c.mergeBase, path: c.path };
      cases.push({ name: `${manifest.repo.replace('/', '+')}/${c.name}`, meta, ext, base: read('base'), ours: read('ours'), theirs: read('theirs'), human: read('human') });
    }
  }
  return cases;
}

function emptyFigures(): ReplayFigures {
  return { cases: 0, gitConflicts: 0, resolved: 0, resolvedMatchingHuman: 0, resolvedDifferent: 0, gitClean: 0, gitCleanMatchingHuman: 0, improved: 0, regressions: 0, lostClean: 0, entityDecided: 0 };
}

function tally(f: ReplayFigures, d: ReplayDetail): void {
  f.cases++;
  if (d.method === 'entity') f.entityDecided++;
  if (d.git === 'conflict') {
    f.gitConflicts++;
    if (d.ralph === 'clean') {
      f.resolved++;
      if (d.ralphMatchesHuman) f.resolvedMatchingHuman++;
      else f.resolvedDifferent++;
    }
    return;
  }
  f.gitClean++;
  if (d.gitMatchesHuman) f.gitCleanMatchingHuman++;
  if (d.ralph === 'conflict') f.lostClean++;
  else if (d.ralphMatchesHuman && !d.gitMatchesHuman) f.improved++;
  else if (!d.ralphMatchesHuman && d.gitMatchesHuman) f.regressions++;
}

const pct = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);

export async function replayCase(c: ReplayCase, sameEntity: 'conflict' | 'diff3'): Promise<ReplayDetail> {
  const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
  const labels = { current: 'ours', base: 'base', other: 'theirs' };
  const git = await gitMergeFile({ current: enc(c.ours), base: enc(c.base), other: enc(c.theirs), labels });
  if (!git.ok) throw new Error(`${c.name}: ${git.error}`);
  const ralph = await mergeFileBuffers({ current: enc(c.ours), base: enc(c.base), other: enc(c.theirs), path: c.meta.path, labels, sameEntity });
  const human = enc(c.human);
  const detail: ReplayDetail = {
    name: c.name,
    git: git.clean ? 'clean' : 'conflict',
    gitMatchesHuman: git.clean && git.content.equals(human),
    ralph: ralph.clean ? 'clean' : 'conflict',
    ralphMatchesHuman: ralph.clean && ralph.content.equals(human),
    method: ralph.method,
    keptOneSide: c.human === c.ours || c.human === c.theirs,
  };
  if (ralph.reason !== undefined) detail.reason = ralph.reason;
  return detail;
}

export interface ReplayOptions {
  /** Repository root holding fixtures/replay (default: the working directory). */
  root?: string;
  sameEntity?: 'conflict' | 'diff3';
}

export async function benchReplay(options: ReplayOptions = {}): Promise<ReplayReport> {
  const sameEntity = options.sameEntity ?? 'conflict';
  const cases = loadReplaySet(join(options.root ?? process.cwd(), REPLAY_DIR));
  const report: ReplayReport = {
    sameEntity,
    all: emptyFigures(),
    keptOneSide: emptyFigures(),
    combined: emptyFigures(),
    byRepo: {},
    rates: { resolution: 0, humanMatch: 0, combinedResolution: 0, combinedHumanMatch: 0 },
    checks: { noRegressions: false, resolvesSome: false, mostResolutionsMatchHuman: false },
    details: [],
  };
  for (const c of cases) {
    const d = await replayCase(c, sameEntity);
    report.details.push(d);
    tally(report.all, d);
    tally(d.keptOneSide ? report.keptOneSide : report.combined, d);
    const repo = (report.byRepo[c.meta.repo] ??= emptyFigures());
    tally(repo, d);
  }
  const { all, combined } = report;
  report.rates = {
    resolution: pct(all.resolved, all.gitConflicts),
    humanMatch: pct(all.resolvedMatchingHuman, all.resolved),
    combinedResolution: pct(combined.resolved, combined.gitConflicts),
    combinedHumanMatch: pct(combined.resolvedMatchingHuman, combined.resolved),
  };
  report.checks = { noRegressions: all.regressions === 0, resolvesSome: all.resolved > 0, mostResolutionsMatchHuman: all.resolvedMatchingHuman > all.resolvedDifferent };
  return report;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the replay set from a clone (needs the repository; the bench itself does not).

export interface CollectOptions {
  /** owner/name, recorded in the manifest. */
  repo: string;
  /** Most recent merge commits to examine. */
  maxMerges?: number;
  /** Skip files larger than this (bytes, any version). */
  maxFileBytes?: number;
  /** Stop when the chosen cases' text reaches this many characters. */
  budgetBytes?: number;
  /** At most this many git-clean cases (git-conflicting cases are what the replay is about). */
  maxGitClean?: number;
}

export function selectionOf(options: CollectOptions): ReplaySelection {
  return { maxMerges: options.maxMerges ?? 1500, maxFileBytes: options.maxFileBytes ?? 24_000, budgetBytes: options.budgetBytes ?? 600_000, maxGitClean: options.maxGitClean ?? 10 };
}

export interface CollectedCase extends ReplayCase {
  /** Conflict hunks of `git merge-file` (0: clean). */
  gitConflicts: number;
}

async function git(gitDir: string, args: string[]): Promise<{ code: number; out: string }> {
  const r = await execa('git', ['--git-dir', gitDir, ...args], { reject: false, stripFinalNewline: false, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.exitCode ?? -1, out: r.stdout };
}

async function blobAt(gitDir: string, rev: string, path: string): Promise<string | null> {
  const r = await git(gitDir, ['cat-file', 'blob', `${rev}:${path}`]);
  return r.code === 0 ? r.out : null;
}

export async function collectReplayCases(gitDir: string, options: CollectOptions): Promise<CollectedCase[]> {
  const { maxMerges, maxFileBytes, budgetBytes: budget, maxGitClean } = selectionOf(options);
  const merges = (await git(gitDir, ['rev-list', '--merges', '--parents', `--max-count=${maxMerges}`, 'HEAD'])).out.trim().split('\n');
  const seen = new Set<string>();
  const conflicting: CollectedCase[] = [];
  const clean: CollectedCase[] = [];
  for (const line of merges) {
    const [merge, p1, p2, ...more] = line.split(' ');
    if (!merge || !p1 || !p2 || more.length > 0) continue;
    const bases = (await git(gitDir, ['merge-base', '--all', p1, p2])).out.trim().split('\n').filter((x) => x !== '');
    if (bases.length !== 1 || !bases[0]) continue;
    const mergeBase = bases[0];
    const changed = async (rev: string): Promise<Set<string>> =>
      new Set((await git(gitDir, ['diff', '--name-only', '--no-renames', mergeBase, rev])).out.split('\n').filter((p) => p !== '' && languageForPath(p) !== null));
    const [ours, theirs] = await Promise.all([changed(p1), changed(p2)]);
    for (const path of [...ours].filter((p) => theirs.has(p))) {
      const texts = await Promise.all([blobAt(gitDir, mergeBase, path), blobAt(gitDir, p1, path), blobAt(gitDir, p2, path), blobAt(gitDir, merge, path)]);
      const [b, o, t, h] = texts;
      if (b === null || o === null || t === null || h === null) continue;
      if (texts.some((x) => x === null || Buffer.byteLength(x) > maxFileBytes || x.includes('\0') || x.includes('\uFFFD'))) continue;
      if (o === t) continue;
      const key = `${b}\0${o}\0${t}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const g = await gitMergeFile({ current: Buffer.from(o), base: Buffer.from(b), other: Buffer.from(t), labels: { current: 'ours', base: 'base', other: 'theirs' } });
      if (!g.ok) continue;
      const c: CollectedCase = { name: '', meta: { repo: options.repo, mergeCommit: merge, parents: [p1, p2], mergeBase, path }, ext: extOfPath(path), base: b, ours: o, theirs: t, human: h, gitConflicts: g.clean ? 0 : g.conflicts };
      (g.clean ? clean : conflicting).push(c);
    }
  }
  // Up to maxGitClean git-clean cases (for the regression count), then git conflicts, smallest first within the byte
  // budget (more, smaller triples beat a few huge ones); then back into history order.
  const size = (c: ReplayCase): number => c.base.length + c.ours.length + c.theirs.length + c.human.length;
  const bySize = (a: ReplayCase, b: ReplayCase): number => size(a) - size(b);
  const order = new Map([...conflicting, ...clean].map((c, i) => [c, i]));
  const chosen: CollectedCase[] = [];
  let bytes = 0;
  for (const [list, limit] of [
    [[...clean].sort(bySize), maxGitClean],
    [[...conflicting].sort(bySize), Number.POSITIVE_INFINITY],
  ] as const) {
    let taken = 0;
    for (const c of list) {
      if (taken >= limit || bytes + size(c) > budget) continue;
      taken++;
      bytes += size(c);
      chosen.push(c);
    }
  }
  chosen.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  chosen.forEach((c, i) => {
    const file = c.meta.path.slice(c.meta.path.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_');
    c.name = `${String(i + 1).padStart(3, '0')}-${c.meta.mergeCommit.slice(0, 8)}-${file.replace(/\.[^.]+$/, '')}`;
  });
  return chosen;
}

/** The manifest of one repository: `collectReplayCases` plus the HEAD scanned and each version's blob id. */
export async function collectReplayManifest(gitDir: string, license: string, options: CollectOptions): Promise<ReplayManifest> {
  const head = (await git(gitDir, ['rev-parse', 'HEAD'])).out.trim();
  const cases: ManifestCase[] = [];
  for (const c of await collectReplayCases(gitDir, options)) {
    const revs = [c.meta.mergeBase, c.meta.parents[0], c.meta.parents[1], c.meta.mergeCommit];
    const [base = '', ours = '', theirs = '', human = ''] = (await git(gitDir, ['rev-parse', ...revs.map((rev) => `${rev}:${c.meta.path}`)])).out.trim().split('\n');
    const bytes = [c.base, c.ours, c.theirs, c.human].reduce((n, text) => n + Buffer.byteLength(text), 0);
    cases.push({ name: c.name, mergeCommit: c.meta.mergeCommit, parents: c.meta.parents, mergeBase: c.meta.mergeBase, path: c.meta.path, blobs: { base, ours, theirs, human }, bytes, gitConflicts: c.gitConflicts });
  }
  return { repo: options.repo, head, license, selection: selectionOf(options), cases };
}

export function writeReplayManifest(dir: string, manifest: ReplayManifest): string {
  const file = join(dir, manifest.repo.replace('/', '+'), 'manifest.json');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(manifest, null, 1)}\n`);
  return file;
}

// `node dist/bench/replay.js collect <git-dir> <owner/name> <license> [max-merges] [budget-bytes]` writes one
// repository's manifest; `node dist/bench/replay.js` prints the report.
async function cli(argv: string[]): Promise<void> {
  if (argv[0] === 'collect' && argv[1] && argv[2] && argv[3]) {
    const manifest = await collectReplayManifest(argv[1], argv[3], { repo: argv[2], maxMerges: Number(argv[4] ?? 1500), budgetBytes: Number(argv[5] ?? 600_000) });
    const file = writeReplayManifest(join(process.cwd(), REPLAY_DIR), manifest);
    process.stdout.write(`${argv[2]}: ${manifest.cases.length} cases, HEAD ${manifest.head}: ${file}\n`);
    return;
  }
  for (const sameEntity of ['conflict', 'diff3'] as const) {
    const { details, ...report } = await benchReplay({ sameEntity });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (argv.includes('--details')) for (const d of details) process.stdout.write(`${JSON.stringify(d)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    // Missing texts are a setup step, not a bug: the one line is the whole story.
    const text = error instanceof ReplayNotMaterialisedError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${text}\n`);
    process.exitCode = 1;
  });
}
