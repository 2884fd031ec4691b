/**
 * Conflict-detection quality on the labelled corpus fixtures/conflicts/<lang>/<case>.case.
 *
 * Ground truth is operational: a pair truly conflicts when (1) `git merge-tree` fails on a file AND the entity
 * merge (mergeEntities, as the merge queue uses it) cannot resolve that file, or (2) each branch alone passes
 * its language's check but the merged tree does not. Checks: TS `tsc` (+ `node out/check.js` when the case
 * has check.ts), JS `node check.mjs`, Python `python3 check.py`, Rust `rustc --test lib.rs` + run.
 *
 * Case file format: `# intent: conflict|clean` and `# note: ...` header lines, then sections
 * `=== base|ours|theirs <path>` holding a file's full content, or `=== ours|theirs <path> (deleted)`.
 * ours/theirs sections list only what the branch changed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { mergeEntities } from '../src/entity-merge/merge.js';
import { confusionMatrix, measureStrategy, type ConfusionMatrix } from './conflict-quality.js';
import { unsafeCleanMerges } from '../src/merge/clean-merge-guard.js';
import type { LabelledCase, StrategyMeasurement } from './conflict-quality.js';
import type { FileVersions } from '../src/conflicts/types.js';

export type CaseLanguage = 'ts' | 'js' | 'py' | 'rs';

export interface ConflictCase {
  name: string;
  lang: CaseLanguage;
  intent: boolean;
  note: string;
  base: Record<string, string>;
  ours: Record<string, string | null>;
  theirs: Record<string, string | null>;
}

export interface GroundTruth {
  conflicts: boolean;
  /** Why: 'merge' (textual + entity merge fail), 'check' (merged tree fails its check), 'clean'. */
  reason: 'merge' | 'check' | 'clean';
  detail: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const TSC = [join(HERE, '..', 'node_modules', '.bin', 'tsc'), join(HERE, '..', '..', 'node_modules', '.bin', 'tsc')].find(existsSync) ?? 'tsc';

export function fixturesRoot(): string {
  const found = [join(HERE, '..', 'fixtures', 'conflicts'), join(HERE, '..', '..', 'fixtures', 'conflicts')].find(existsSync);
  if (!found) throw new Error('fixtures/conflicts not found');
  return found;
}

export function parseCase(name: string, lang: CaseLanguage, text: string): ConflictCase {
  const c: ConflictCase = { name, lang, intent: false, note: '', base: {}, ours: {}, theirs: {} };
  let target: { version: 'base' | 'ours' | 'theirs'; path: string; lines: string[] } | null = null;
  const flush = (): void => {
    if (!target) return;
    c[target.version][target.path] = target.lines.join('\n').replace(/\n*$/, '\n');
  };
  for (const line of text.split('\n')) {
    const header = /^=== (base|ours|theirs) (\S+)( \(deleted\))?$/.exec(line);
    if (header) {
      flush();
      const version = header[1] as 'base' | 'ours' | 'theirs';
      const path = header[2] ?? '';
      if (header[3]) {
        if (version === 'base') throw new Error(`${name}: base cannot delete`);
        c[version][path] = null;
        target = null;
      } else target = { version, path, lines: [] };
      continue;
    }
    if (target) target.lines.push(line);
    else if (line.startsWith('# intent:')) c.intent = line.includes('conflict');
    else if (line.startsWith('# note:')) c.note = line.slice('# note:'.length).trim();
  }
  flush();
  return c;
}

export function loadConflictCases(root = fixturesRoot()): ConflictCase[] {
  const cases: ConflictCase[] = [];
  for (const lang of ['ts', 'js', 'py', 'rs'] as const) {
    const dir = join(root, lang);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.case')).sort()) {
      cases.push(parseCase(`${lang}/${file.replace(/\.case$/, '')}`, lang, readFileSync(join(dir, file), 'utf8')));
    }
  }
  return cases;
}

/** The file maps of one version of the case (base + that branch's edits). */
function tree(c: ConflictCase, side: 'base' | 'ours' | 'theirs'): Record<string, string> {
  const out: Record<string, string> = { ...c.base };
  if (side === 'base') return out;
  for (const [path, content] of Object.entries(c[side])) {
    if (content === null) delete out[path];
    else out[path] = content;
  }
  return out;
}

function changed(c: ConflictCase, side: 'ours' | 'theirs'): string[] {
  return Object.entries(c[side])
    .filter(([path, content]) => (c.base[path] ?? null) !== content)
    .map(([path]) => path)
    .sort();
}

/** The detector's input for a case, straight from the fixture (the git edge is tested separately). */
export function caseInput(c: ConflictCase): LabelledCase['input'] {
  const changedOurs = changed(c, 'ours');
  const changedTheirs = changed(c, 'theirs');
  const versions = (side: 'ours' | 'theirs'): FileVersions => new Map(Object.entries(c[side]));
  const base: FileVersions = new Map();
  for (const p of new Set([...Object.keys(c.base), ...changedOurs, ...changedTheirs])) base.set(p, c.base[p] ?? null);
  return { base, ours: versions('ours'), theirs: versions('theirs'), changedOurs, changedTheirs, baseLabel: c.name };
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LC_ALL: 'C',
};

async function gitIn(cwd: string, args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const r = await execa('git', args, { cwd, env: GIT_ENV, reject: false, stripFinalNewline: false, stdin: 'ignore' });
  return { stdout: r.stdout, exitCode: r.exitCode ?? -1 };
}

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Repository with commits base → ours and base → theirs (branches `ours`, `theirs`). */
export async function caseRepo(c: ConflictCase): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ralph-conflicts-'));
  await gitIn(dir, ['init', '-q', '-b', 'base', dir]);
  await writeTree(dir, c.base);
  await gitIn(dir, ['add', '-A']);
  await gitIn(dir, ['commit', '-q', '--allow-empty', '-m', 'base']);
  for (const side of ['ours', 'theirs'] as const) {
    await gitIn(dir, ['checkout', '-q', '-b', side, 'base']);
    for (const [path, content] of Object.entries(c[side])) {
      if (content === null) await rm(join(dir, path), { force: true });
      else await writeTree(dir, { [path]: content });
    }
    await gitIn(dir, ['add', '-A']);
    await gitIn(dir, ['commit', '-q', '--allow-empty', '-m', side]);
  }
  await gitIn(dir, ['checkout', '-q', 'base']);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Merged files, or the reason the merge lane (git + entity merge) cannot produce them. */
async function mergeCase(c: ConflictCase, repo: string): Promise<{ files: Record<string, string> } | { failed: string }> {
  const merged = await gitIn(repo, ['merge-tree', '--write-tree', '--name-only', '--no-messages', 'ours', 'theirs']);
  const [treeOid, ...conflicted] = merged.stdout.split('\n').filter((l) => l !== '');
  if (merged.exitCode !== 0 && merged.exitCode !== 1) throw new Error(`${c.name}: git merge-tree failed`);
  const ours = tree(c, 'ours');
  const theirs = tree(c, 'theirs');
  const files: Record<string, string> = {};
  const listed = await gitIn(repo, ['ls-tree', '-r', '-z', '--name-only', treeOid ?? '']);
  for (const path of listed.stdout.split('\0').filter((p) => p !== '')) {
    if (conflicted.includes(path)) continue;
    files[path] = (await gitIn(repo, ['cat-file', 'blob', `${treeOid}:${path}`])).stdout;
  }
  for (const path of new Set(conflicted)) {
    const b = c.base[path];
    const o = ours[path];
    const t = theirs[path];
    if (o === undefined || t === undefined) return { failed: `${path}: modify/delete` };
    const outcome = await mergeEntities({ base: b ?? '', ours: o, theirs: t, path });
    if (outcome.status !== 'clean') return { failed: `${path}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}` };
    files[path] = outcome.text;
  }
  return { files };
}

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: [], skipLibCheck: true, outDir: 'out', rootDir: '.' },
  include: ['**/*.ts'],
  exclude: ['out'],
});

/** Runs the language's check on a tree; null when it passes, else the failure output. */
export async function checkTree(lang: CaseLanguage, files: Record<string, string>): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'ralph-check-'));
  try {
    await writeTree(dir, files);
    const run = async (cmd: string, args: string[]): Promise<string | null> => {
      const r = await execa(cmd, args, { cwd: dir, reject: false, all: true, stdin: 'ignore', timeout: 60_000 });
      return r.exitCode === 0 ? null : `${cmd} ${args.join(' ')}: ${(r.all ?? '').slice(0, 400)}`;
    };
    switch (lang) {
      case 'ts': {
        await writeTree(dir, { 'tsconfig.json': TSCONFIG, 'package.json': '{"type":"module"}\n' });
        const compiled = await run(TSC, ['-p', 'tsconfig.json']);
        if (compiled || !files['check.ts']) return compiled;
        return await run(process.execPath, ['out/check.js']);
      }
      case 'js': {
        await writeTree(dir, { 'package.json': '{"type":"module"}\n' });
        if (files['check.mjs']) return await run(process.execPath, ['check.mjs']);
        for (const path of Object.keys(files).filter((p) => p.endsWith('.js'))) {
          const failed = await run(process.execPath, ['--check', path]);
          if (failed) return failed;
        }
        return null;
      }
      case 'py':
        if (files['check.py']) return await run('python3', ['check.py']);
        return await run('python3', ['-m', 'py_compile', ...Object.keys(files).filter((p) => p.endsWith('.py'))]);
      case 'rs': {
        const built = await run('rustc', ['--edition', '2021', '--test', '-A', 'warnings', 'lib.rs', '-o', 'lib-tests']);
        // Awaited here: the finally below removes the directory.
        return built ?? (await run(join(dir, 'lib-tests'), []));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function groundTruth(c: ConflictCase): Promise<GroundTruth> {
  const repo = await caseRepo(c);
  try {
    const merged = await mergeCase(c, repo.dir);
    if ('failed' in merged) return { conflicts: true, reason: 'merge', detail: merged.failed };
    const mergedFailure = await checkTree(c.lang, merged.files);
    if (!mergedFailure) return { conflicts: false, reason: 'clean', detail: 'merges and passes its check' };
    for (const side of ['ours', 'theirs'] as const) {
      const failure = await checkTree(c.lang, tree(c, side));
      if (failure) throw new Error(`${c.name}: ${side} alone fails its check, the case is invalid: ${failure}`);
    }
    return { conflicts: true, reason: 'check', detail: mergedFailure };
  } finally {
    await repo.cleanup();
  }
}

/** Ground truth for every case, two at a time (the checks spawn compilers). */
export async function labelCases(cases: readonly ConflictCase[], concurrency = 2): Promise<Map<string, GroundTruth>> {
  const out = new Map<string, GroundTruth>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++];
      if (c) out.set(c.name, await groundTruth(c));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

export interface ConflictBench {
  cases: number;
  byLanguage: Record<CaseLanguage, number>;
  truePairs: number;
  entity: StrategyMeasurement;
  file: StrategyMeasurement;
  /**
   * What the merge lane itself does with each pair: it holds a story back when
   * git + the entity merge cannot merge it, or when the clean-merge guard
   * (same-entity, delete/modify, both-added, references) refuses the result.
   */
  mergeLane: { matrix: ConfusionMatrix; guardMedianMs: number; guardMaxMs: number; missed: string[]; falseAlarms: string[] };
  /** Cases whose computed truth differs from the author's intent (should be empty). */
  intentMismatches: string[];
  truth: Map<string, GroundTruth>;
}

export async function benchConflicts(cases: readonly ConflictCase[] = loadConflictCases()): Promise<ConflictBench> {
  const truth = await labelCases(cases);
  const labelled: LabelledCase[] = cases.map((c) => ({ name: c.name, conflicts: truth.get(c.name)?.conflicts ?? false, input: caseInput(c) }));
  const byLanguage: Record<CaseLanguage, number> = { ts: 0, js: 0, py: 0, rs: 0 };
  for (const c of cases) byLanguage[c.lang]++;
  return {
    cases: cases.length,
    byLanguage,
    truePairs: labelled.filter((l) => l.conflicts).length,
    entity: await measureStrategy(labelled, 'entity'),
    file: await measureStrategy(labelled, 'file'),
    mergeLane: await measureMergeLane(cases, truth),
    intentMismatches: cases.filter((c) => (truth.get(c.name)?.conflicts ?? false) !== c.intent).map((c) => c.name),
    truth,
  };
}

/** Runs the merge lane's own decision (merge + clean-merge guard) on every case's real repository. */
async function measureMergeLane(cases: readonly ConflictCase[], truth: ReadonlyMap<string, GroundTruth>): Promise<ConflictBench['mergeLane']> {
  const verdicts: { name: string; truth: boolean; predicted: boolean }[] = [];
  const guardMs: number[] = [];
  for (const c of cases) {
    const repo = await caseRepo(c);
    try {
      const merged = await mergeCase(c, repo.dir);
      const rev = async (name: string): Promise<string> => (await gitIn(repo.dir, ['rev-parse', name])).stdout.trim();
      const started = performance.now();
      const unsafe = await unsafeCleanMerges(repo.dir, 'entity', { base: await rev('base'), ours: await rev('ours'), theirs: await rev('theirs') }, new Set());
      guardMs.push(performance.now() - started);
      verdicts.push({ name: c.name, truth: truth.get(c.name)?.conflicts ?? false, predicted: 'failed' in merged || unsafe.length > 0 });
    } finally {
      await repo.cleanup();
    }
  }
  const sorted = [...guardMs].sort((a, b) => a - b);
  return {
    matrix: confusionMatrix(verdicts),
    guardMedianMs: Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10,
    guardMaxMs: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    missed: verdicts.filter((v) => v.truth && !v.predicted).map((v) => v.name),
    falseAlarms: verdicts.filter((v) => !v.truth && v.predicted).map((v) => v.name),
  };
}
