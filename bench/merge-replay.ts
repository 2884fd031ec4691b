/**
 * `npm run bench -- merge-replay` (issue 14): ralph-wt's file merge (entity merge with the default
 * `--same-entity conflict`, falling back to git merge-file) and plain `git merge-file` on every case of
 *  - the real-merge corpus (fixtures/merge-replay: git conflicts, the human kept neither side),
 *  - the older replay set (fixtures/replay: also git-clean cases and cases where the human kept one side),
 *  - the hand-written corpus (fixtures/merge: an expected result instead of a human's).
 * The corpus is merged a second time with `--same-entity diff3`, the opt-in style.
 * Per language family and overall: cases, resolved (clean), equal to the human's file (whitespace and blank lines
 * ignored), different but judged OK, **wrong** (the judge fails, bench/merge-judge.ts), still conflicted, and
 * the size of the conflicts left (lines inside conflict boxes, markers included, against git's on the same cases;
 * both with a base section). Each differing result gets a cause (difference-cause.ts), so that the share equal to
 * the human's file can be read against the share any merge could make equal.
 */
import { join } from 'node:path';
import { loadCorpus } from './merge-corpus.js';
import { gitMergeFile } from '../src/entity-merge/git-merge-file.js';
import { describeFailure, judgeMerge } from './merge-judge.js';
import { beyondMerge, differenceCause } from './difference-cause.js';
import type { DifferenceCause } from './difference-cause.js';
import { mergeFileBuffers } from '../src/entity-merge/merge-files.js';
import { familyOf, loadMergeReplayCorpus, sameIgnoringWhitespace, splitOf } from './merge-replay-corpus.js';
import type { Family, Split } from './merge-replay-corpus.js';
import { loadReplaySet } from './replay.js';

export interface ReplayInput {
  name: string;
  family: Family;
  path: string;
  base: string;
  ours: string;
  theirs: string;
  /** The human's (or the expected) file; null when the expected result is a conflict. */
  human: string | null;
  /** Real-merge corpus only: which half of the tune / held-out split the case's repository is in. */
  split?: Split;
}

export interface MergeReplayFigures {
  cases: number;
  gitConflicts: number;
  /** Clean results (ralph-wt), and those of them where git conflicted. */
  resolved: number;
  resolvedGitConflicts: number;
  equalToHuman: number;
  differsJudgedOk: number;
  /** The clean results that differ (judged OK or wrong), by cause (difference-cause.ts). */
  differsBy: Record<DifferenceCause, number>;
  /** Clean and judged wrong, or clean where a conflict was expected. Target 0. */
  wrong: number;
  conflicted: number;
  /** On the cases both tools left conflicted: lines inside conflict boxes (markers included). */
  conflictLines: number;
  gitConflictLines: number;
  /** Cases, resolved or not, whose human file no merge that keeps both sides' changes produces: the human wrote
   *  words no input has, or undid a change of one side. */
  beyondMerge: number;
  /** Percentages: resolved of git's conflicts (resolvedGitConflicts / gitConflicts), equal of resolved, and equal of
   *  the resolved cases whose human file is not beyond a merge. */
  resolvedPct: number;
  equalPct: number;
  equalPctWithinReach: number;
}

export interface MergeReplayDetail {
  name: string;
  family: Family;
  git: 'clean' | 'conflict';
  ralph: 'equal' | 'differs-ok' | 'wrong' | 'conflict';
  method: 'entity' | 'git';
  conflictLines?: number;
  gitConflictLines?: number;
  failures?: string[];
  /** Why a clean result differs from the human's file (differs-ok and wrong only). */
  cause?: DifferenceCause;
  /** No merge that keeps both sides' changes produces the human's file. */
  beyondMerge?: boolean;
}

export interface SplitFigures {
  overall: MergeReplayFigures;
  byFamily: Partial<Record<Family, MergeReplayFigures>>;
}

export interface MergeReplaySetReport extends SplitFigures {
  /** Real-merge corpus only: the same figures on the tune repositories and on the held-out ones. */
  bySplit?: Partial<Record<Split, SplitFigures>>;
  details: MergeReplayDetail[];
}

export interface MergeReplayReport {
  sameEntity: 'conflict';
  /** fixtures/merge-replay: the issue-14 corpus. */
  corpus: MergeReplaySetReport;
  /** The same corpus with `--same-entity diff3` (edits of different statements of one function combine). */
  corpusSameEntityDiff3: MergeReplaySetReport;
  /** fixtures/replay: the older replay set. */
  replay: MergeReplaySetReport;
  /** fixtures/merge: the hand-written corpus (expected results). */
  handWritten: MergeReplaySetReport;
}

function emptyFigures(): MergeReplayFigures {
  return {
    cases: 0,
    gitConflicts: 0,
    resolved: 0,
    resolvedGitConflicts: 0,
    equalToHuman: 0,
    differsJudgedOk: 0,
    differsBy: { 'human-text': 0, 'human-undid': 0, order: 0, format: 0, other: 0 },
    wrong: 0,
    conflicted: 0,
    conflictLines: 0,
    gitConflictLines: 0,
    beyondMerge: 0,
    resolvedPct: 0,
    equalPct: 0,
    equalPctWithinReach: 0,
  };
}

/** Lines from a `<<<<<<<` marker to its `>>>>>>>` marker, both included. */
export function conflictBoxLines(text: string): number {
  let n = 0;
  let inside = false;
  for (const line of text.split('\n')) {
    if (!inside && /^<{7}( |$)/.test(line)) inside = true;
    if (inside) n++;
    if (inside && /^>{7}( |$)/.test(line)) inside = false;
  }
  return n;
}

export type SameEntityStyle = 'conflict' | 'diff3';

export async function replayOne(c: ReplayInput, sameEntity: SameEntityStyle = 'conflict'): Promise<MergeReplayDetail> {
  const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
  const labels = { current: 'ours', base: 'base', other: 'theirs' };
  const git = await gitMergeFile({ current: enc(c.ours), base: enc(c.base), other: enc(c.theirs), labels, diff3: true });
  if (!git.ok) throw new Error(`${c.name}: ${git.error}`);
  const ralph = await mergeFileBuffers({ current: enc(c.ours), base: enc(c.base), other: enc(c.theirs), path: c.path, labels, sameEntity, diff3: true });
  const detail: MergeReplayDetail = { name: c.name, family: c.family, git: git.clean ? 'clean' : 'conflict', ralph: 'conflict', method: ralph.method };
  const beyond = c.human === null ? null : beyondMerge(c.human, c);
  if (beyond !== null) detail.beyondMerge = true;
  if (!ralph.clean) {
    detail.conflictLines = conflictBoxLines(ralph.content.toString('utf8'));
    if (!git.clean) detail.gitConflictLines = conflictBoxLines(git.content.toString('utf8'));
    return detail;
  }
  const merged = ralph.content.toString('utf8');
  if (c.human === null) {
    detail.ralph = 'wrong';
    detail.failures = ['clean where a conflict is expected'];
  } else if (sameIgnoringWhitespace(merged, c.human)) {
    detail.ralph = 'equal';
  } else {
    const verdict = await judgeMerge({ path: c.path, base: c.base, ours: c.ours, theirs: c.theirs, human: c.human, merged });
    detail.ralph = verdict.ok ? 'differs-ok' : 'wrong';
    detail.cause = differenceCause(merged, c.human, beyond);
    if (!verdict.ok) detail.failures = verdict.failures.slice(0, 5).map(describeFailure);
  }
  return detail;
}

function tally(f: MergeReplayFigures, d: MergeReplayDetail): void {
  f.cases++;
  if (d.git === 'conflict') f.gitConflicts++;
  if (d.beyondMerge === true) f.beyondMerge++;
  if (d.ralph === 'conflict') {
    f.conflicted++;
    if (d.gitConflictLines !== undefined) {
      f.conflictLines += d.conflictLines ?? 0;
      f.gitConflictLines += d.gitConflictLines;
    }
    return;
  }
  f.resolved++;
  if (d.git === 'conflict') f.resolvedGitConflicts++;
  if (d.ralph === 'equal') f.equalToHuman++;
  else if (d.ralph === 'differs-ok') f.differsJudgedOk++;
  else f.wrong++;
  if (d.cause !== undefined) f.differsBy[d.cause]++;
}

const pct = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);

function tallyInto(figures: SplitFigures, family: Family, d: MergeReplayDetail): void {
  tally(figures.overall, d);
  tally((figures.byFamily[family] ??= emptyFigures()), d);
}

function finish(figures: SplitFigures): void {
  for (const f of [figures.overall, ...Object.values(figures.byFamily)]) {
    f.resolvedPct = pct(f.resolvedGitConflicts, f.gitConflicts);
    f.equalPct = pct(f.equalToHuman, f.resolved);
    f.equalPctWithinReach = pct(f.equalToHuman, f.resolved - f.differsBy['human-text'] - f.differsBy['human-undid']);
  }
}

export async function replaySet(cases: readonly ReplayInput[], sameEntity: SameEntityStyle = 'conflict'): Promise<MergeReplaySetReport> {
  const report: MergeReplaySetReport = { overall: emptyFigures(), byFamily: {}, details: [] };
  for (const c of cases) {
    const d = await replayOne(c, sameEntity);
    report.details.push(d);
    tallyInto(report, c.family, d);
    if (c.split !== undefined) tallyInto(((report.bySplit ??= {})[c.split] ??= { overall: emptyFigures(), byFamily: {} }), c.family, d);
  }
  finish(report);
  for (const s of Object.values(report.bySplit ?? {})) finish(s);
  return report;
}

function withFamily(c: Omit<ReplayInput, 'family'>): ReplayInput | null {
  const family = familyOf(c.path);
  return family === null ? null : { ...c, family };
}

export function replayInputs(root: string): { corpus: ReplayInput[]; replay: ReplayInput[]; handWritten: ReplayInput[] } {
  const corpus = loadMergeReplayCorpus(root).map((c) => ({ name: c.name, family: c.family, path: c.path, base: c.base, ours: c.ours, theirs: c.theirs, human: c.human, split: splitOf(c.repo) }));
  const replay = loadReplaySet(join(root, 'fixtures', 'replay'))
    .map((c) => withFamily({ name: c.name, path: c.meta.path, base: c.base, ours: c.ours, theirs: c.theirs, human: c.human }))
    .filter((c): c is ReplayInput => c !== null);
  const handWritten = loadCorpus(join(root, 'fixtures', 'merge'))
    .map((c) => withFamily({ name: c.name, path: `x.${c.ext}`, base: c.base, ours: c.ours, theirs: c.theirs, human: c.expected.type === 'clean' ? c.expected.text : null }))
    .filter((c): c is ReplayInput => c !== null);
  return { corpus, replay, handWritten };
}

export async function benchMergeReplay(root: string = process.cwd()): Promise<MergeReplayReport> {
  const inputs = replayInputs(root);
  return {
    sameEntity: 'conflict',
    corpus: await replaySet(inputs.corpus),
    corpusSameEntityDiff3: await replaySet(inputs.corpus, 'diff3'),
    replay: await replaySet(inputs.replay),
    handWritten: await replaySet(inputs.handWritten),
  };
}
