/**
 * History replay (zero data loss): N consecutive commits of a real linear history become N stories; a replay agent
 * (fixtures/replay-agent/replay-agent.mjs) applies commit i's diff in story i's worktree; ralph-wt runs them in
 * parallel (worktrees, one merge lane, entity merge, sequential fallback) and, for comparison, with the sequential
 * loop. The integration branch must end with exactly the tree of the last commit (prd.json and progress.txt, which the
 * orchestrator owns, excluded): anything else means work was lost or garbled on the way.
 *
 * Histories: this repository's own first-parent history (cloned with `git clone --no-local`; skipped when the clone
 * is shallow or too short) and a deterministic fixture history built here (16 commits over two TS and two Python
 * files: different functions of one file, one function edited twice in lines far apart, one function edited twice in
 * the same line, functions added at the end of a file one after another, a new module and its first user).
 *
 * Ordering. The replay agent applies a patch, and if neither `git apply` nor `git apply --3way` takes it, exits 1: a
 * story that needs an earlier story's lines cannot be done on a base without them. ralph-wt retries an unfinished
 * iteration in the same worktree (same base), so such a story fails however often it is retried; only a merge
 * conflict sends a story back to run on the new head. So the headline runs give stories the dependsOn a careful PRD
 * author would write: computed up front, story i depends on nothing if its patch applies (`git apply --3way`) on the
 * starting commit, otherwise on the earlier stories that `git blame` names for the lines its hunks touch (diff -U1:
 * changed lines and the lines right next to them). Everything else — same file, neighbouring functions, the same
 * function in lines far apart — is left to the merge machinery. The `withoutDependsOn` run gives no dependsOn at all
 * and shows what ralph-wt makes of ordering it has to discover.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'bin', 'ralph-wt');
export const REPLAY_AGENT = join(ROOT, 'fixtures', 'replay-agent', 'replay-agent.mjs');
const BRANCH = 'replay/integration';
const OWNED = [':!prd.json', ':!progress.txt'];
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'replay',
  GIT_AUTHOR_EMAIL: 'replay@example.com',
  GIT_COMMITTER_NAME: 'replay',
  GIT_COMMITTER_EMAIL: 'replay@example.com',
};

export type HistorySource = 'repo' | 'fixture';

export interface ReplayHistoryOptions {
  /** Stories (consecutive commits) per history; default 12 for this repository, 16 (all) for the fixture. */
  commits?: number;
  /** Histories to replay; default both (the repository is skipped, with a note, when its history is too short). */
  sources?: HistorySource[];
  /** `--max-concurrency` of the parallel runs; default 8 (more stories on stale bases: more for the merge lane to do). */
  concurrency?: number;
  /** Also run the PRD with the sequential loop; default true. */
  sequential?: boolean;
  /** Also run it in parallel with no dependsOn at all; default true. */
  withoutDependsOn?: boolean;
  /** Think time of the replay agent per run (RALPH_REPLAY_DELAY_MS); default 0: the wall times are then pure orchestration. */
  agentDelayMs?: number;
  /** Repository whose history is replayed for the `repo` source; default this one. */
  repoPath?: string;
}

export interface ReplayRunFigures {
  mode: 'parallel' | 'sequential';
  dependsOn: boolean;
  wallMs: number;
  exitCode: number;
  passed: number;
  failed: number;
  conflicted: number;
  skipped: number;
  merges: number;
  conflictsDetected: number;
  /** Merges whose textual conflicts the entity merge resolved. */
  autoResolvedByEntity: number;
  /** Merges sent back to run alone on the new head. */
  fallbacks: number;
  agentRuns: number;
  /** Agent runs by how the patch went in: applied, 3way, empty, failed. */
  agentResults: Record<string, number>;
  /** The headline: integration branch tree == last commit's tree (orchestrator files excluded). */
  treeMatches: boolean;
  differingFileCount: number;
  /** The first 10. */
  differingFiles: string[];
  failures: string[];
  /** Merges that were not fast: `R-05: entity` (conflict resolved), `R-05: fallback src/a.ts` (re-run on the new head). */
  mergeLog: string[];
}

export interface ReplayHistoryFigures {
  name: HistorySource;
  stories: number;
  firstCommit: string;
  lastCommit: string;
  /** Stories whose patch applies (`git apply --3way`) on the starting commit. */
  applyOnBase: number;
  storiesWithDependsOn: number;
  dependsOnEdges: number;
  /** `R-07 <- R-04` per story with dependsOn. */
  dependsOn: string[];
  agentDelayMs: number;
  parallel: ReplayRunFigures;
  sequential: ReplayRunFigures | null;
  withoutDependsOn: ReplayRunFigures | null;
  zeroDataLoss: boolean;
}

export interface ReplayHistoryResult {
  /** Every replayed history ended, in parallel with dependsOn, with exactly the last commit's tree. */
  zeroDataLoss: boolean;
  histories: ReplayHistoryFigures[];
  notes: string[];
}

interface History {
  name: HistorySource;
  /** Repository holding the commits (a clone; the runs clone it again). */
  dir: string;
  base: string;
  commits: { sha: string; subject: string }[];
}

interface Story {
  id: string;
  sha: string;
  subject: string;
  dependsOn: string[];
}

export async function benchReplayHistory(options: ReplayHistoryOptions = {}): Promise<ReplayHistoryResult> {
  const root = await mkdtemp(join(tmpdir(), 'ralph-replay-history-'));
  const notes: string[] = [];
  const histories: ReplayHistoryFigures[] = [];
  try {
    for (const name of options.sources ?? ['repo', 'fixture']) {
      const history =
        name === 'repo'
          ? await repoHistory(options.repoPath ?? ROOT, join(root, 'repo-source'), options.commits ?? 12, notes)
          : await fixtureHistory(join(root, 'fixture-source'), options.commits ?? FIXTURE_COMMITS.length);
      if (!history) continue;
      histories.push(await replay(history, join(root, name), options));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return { zeroDataLoss: histories.length > 0 && histories.every((h) => h.zeroDataLoss), histories, notes };
}

async function replay(history: History, dir: string, options: ReplayHistoryOptions): Promise<ReplayHistoryFigures> {
  await mkdir(dir, { recursive: true });
  const { stories, applyOnBase } = await planStories(history, join(dir, 'scratch'));
  const concurrency = options.concurrency ?? 8;
  const agentDelayMs = options.agentDelayMs ?? 0;
  const last = history.commits.at(-1)?.sha ?? history.base;
  const parallel = await runReplay(history, stories, join(dir, 'parallel'), { parallel: true, dependsOn: true, concurrency, agentDelayMs });
  const sequential = options.sequential === false ? null : await runReplay(history, stories, join(dir, 'sequential'), { parallel: false, dependsOn: true, concurrency, agentDelayMs });
  const without = options.withoutDependsOn === false ? null : await runReplay(history, stories, join(dir, 'no-deps'), { parallel: true, dependsOn: false, concurrency, agentDelayMs });
  return {
    name: history.name,
    stories: stories.length,
    firstCommit: history.commits[0]?.sha.slice(0, 12) ?? '',
    lastCommit: last.slice(0, 12),
    applyOnBase,
    storiesWithDependsOn: stories.filter((s) => s.dependsOn.length > 0).length,
    dependsOnEdges: stories.reduce((n, s) => n + s.dependsOn.length, 0),
    dependsOn: stories.filter((s) => s.dependsOn.length > 0).map((s) => `${s.id} <- ${s.dependsOn.join(', ')}`),
    agentDelayMs,
    parallel,
    sequential,
    withoutDependsOn: without,
    zeroDataLoss: parallel.treeMatches && parallel.passed === stories.length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Histories

async function repoHistory(repoPath: string, dir: string, count: number, notes: string[]): Promise<History | null> {
  const cloned = await execa('git', ['clone', '--no-local', '--quiet', repoPath, dir], { reject: false });
  if (cloned.exitCode !== 0) {
    notes.push(`repo: cannot clone ${repoPath}: ${cloned.stderr.trim()}`);
    return null;
  }
  if ((await git(dir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true') {
    notes.push('repo: the clone is shallow; replayed the fixture history only');
    return null;
  }
  const line = (await git(dir, ['rev-list', '--first-parent', '--reverse', 'HEAD'])).split('\n').filter(Boolean);
  if (line.length < count + 1) {
    notes.push(`repo: ${line.length} first-parent commits, ${count + 1} needed; replayed the fixture history only`);
    return null;
  }
  const picked = line.slice(-count);
  const base = line[line.length - count - 1] as string;
  for (const owned of ['prd.json', 'progress.txt']) {
    if ((await git(dir, ['log', '--format=%H', `${base}..HEAD`, '--', owned])).trim() !== '') {
      notes.push(`repo: the history changes ${owned}, which the orchestrator owns; replayed the fixture history only`);
      return null;
    }
  }
  const commits = await Promise.all(picked.map(async (sha) => ({ sha, subject: (await git(dir, ['log', '-1', '--format=%s', sha])).trim() })));
  return { name: 'repo', dir, base, commits };
}

type Edit =
  | { path: string; write: string }
  | { path: string; find: string; replace: string }
  | { path: string; append: string };

interface FixtureCommit {
  subject: string;
  edits: Edit[];
}

const FIXTURE_BASE: Record<string, string> = {
  'src/geometry.ts': `export interface Point {
  x: number;
  y: number;
}

export function area(width: number, height: number): number {
  const w = Math.abs(width);
  const h = Math.abs(height);
  // rectangles only for now
  const result = w * h;
  // no rounding yet
  return result;
}

export function perimeter(width: number, height: number): number {
  return 2 * (width + height);
}

export function scale(p: Point, factor: number): Point {
  const x = p.x * factor;
  const y = p.y * factor;
  return { x, y };
}

export function translate(p: Point, dx: number, dy: number): Point {
  const x = p.x + dx;
  const y = p.y + dy;
  return { x, y };
}

export function rotate(p: Point, degrees: number): Point {
  const rad = (degrees * Math.PI) / 180;
  const x = p.x * Math.cos(rad) - p.y * Math.sin(rad);
  const y = p.x * Math.sin(rad) + p.y * Math.cos(rad);
  return { x, y };
}
`,
  'src/format.ts': `export function formatName(first: string, last: string): string {
  return \`\${first} \${last}\`;
}

export function formatMoney(cents: number): string {
  return \`$\${(cents / 100).toFixed(2)}\`;
}

export function padLeft(text: string, width: number): string {
  return text.padStart(width, ' ');
}
`,
  'app/inventory.py': `class Inventory:
    def __init__(self):
        self.items = {}

    def add(self, name, qty):
        self.items[name] = self.items.get(name, 0) + qty

    def remove(self, name, qty):
        current = self.items.get(name, 0)
        self.items[name] = max(0, current - qty)

    def count(self):
        return sum(self.items.values())


def load_inventory(rows):
    inv = Inventory()
    for name, qty in rows:
        inv.add(name, qty)
    return inv
`,
  'app/report.py': `def header(title):
    return "== " + title + " =="


def row(name, qty):
    return name.ljust(20) + str(qty).rjust(6)


def footer(total):
    return "total: " + str(total)
`,
};

/** Deterministic history: commit i applies these edits to commit i-1 (the first to FIXTURE_BASE). */
export const FIXTURE_COMMITS: FixtureCommit[] = [
  { subject: 'Geometry: area coerces its width', edits: [{ path: 'src/geometry.ts', find: '  const w = Math.abs(width);', replace: '  const w = Math.abs(Number(width));' }] },
  {
    subject: 'Inventory: restock with a limit',
    edits: [{ path: 'app/inventory.py', find: '        self.items[name] = max(0, current - qty)\n', replace: '        self.items[name] = max(0, current - qty)\n\n    def restock(self, name, qty, limit=100):\n        current = self.items.get(name, 0)\n        self.items[name] = min(limit, current + qty)\n' }],
  },
  {
    subject: 'Geometry: rotate through a toRadians helper',
    edits: [
      { path: 'src/geometry.ts', find: '  const rad = (degrees * Math.PI) / 180;', replace: '  const rad = toRadians(degrees);' },
      { path: 'src/geometry.ts', append: '\nfunction toRadians(degrees: number): number {\n  return (degrees * Math.PI) / 180;\n}\n' },
    ],
  },
  { subject: 'Format: formatPercent', edits: [{ path: 'src/format.ts', append: '\nexport function formatPercent(ratio: number): string {\n  return `${(ratio * 100).toFixed(0)}%`;\n}\n' }] },
  { subject: 'Geometry: area rounds its result', edits: [{ path: 'src/geometry.ts', find: '  return result;', replace: '  return Math.round(result * 1000) / 1000;' }] },
  { subject: 'Report: footer names the unit', edits: [{ path: 'app/report.py', find: '    return "total: " + str(total)', replace: '    return "total: " + str(total) + " items"' }] },
  { subject: 'Format: formatRatio', edits: [{ path: 'src/format.ts', append: '\nexport function formatRatio(a: number, b: number): string {\n  return b === 0 ? "n/a" : formatPercent(a / b);\n}\n' }] },
  { subject: 'Inventory: count ignores negative quantities', edits: [{ path: 'app/inventory.py', find: '        return sum(self.items.values())', replace: '        return sum(q for q in self.items.values() if q > 0)' }] },
  { subject: 'Geometry: scale rounds y', edits: [{ path: 'src/geometry.ts', find: '  const y = p.y * factor;', replace: '  const y = Math.round(p.y * factor * 1e6) / 1e6;' }] },
  { subject: 'Geometry: translate dy defaults to 0', edits: [{ path: 'src/geometry.ts', find: 'export function translate(p: Point, dx: number, dy: number): Point {', replace: 'export function translate(p: Point, dx: number, dy = 0): Point {' }] },
  { subject: 'Format: formatPercent takes the number of digits', edits: [{ path: 'src/format.ts', find: 'export function formatPercent(ratio: number): string {\n  return `${(ratio * 100).toFixed(0)}%`;', replace: 'export function formatPercent(ratio: number, digits = 0): string {\n  return `${(ratio * 100).toFixed(digits)}%`;' }] },
  {
    subject: 'Inventory: restock reports overflow',
    edits: [{ path: 'app/inventory.py', find: '        self.items[name] = min(limit, current + qty)\n', replace: '        self.items[name] = min(limit, current + qty)\n        return max(0, current + qty - limit)\n' }],
  },
  { subject: 'Geometry: area treats NaN width as 0', edits: [{ path: 'src/geometry.ts', find: '  const w = Math.abs(Number(width));', replace: '  const w = Number.isNaN(Number(width)) ? 0 : Math.abs(Number(width));' }] },
  { subject: 'Units module', edits: [{ path: 'src/units.ts', write: 'export const CM_PER_M = 100;\n\nexport function toCentimeters(meters: number): number {\n  return meters * CM_PER_M;\n}\n' }] },
  {
    subject: 'Geometry: perimeter in centimeters via units',
    edits: [
      { path: 'src/units.ts', append: '\nexport function toMeters(centimeters: number): number {\n  return centimeters / CM_PER_M;\n}\n' },
      { path: 'src/geometry.ts', find: 'export interface Point {', replace: "import { toCentimeters } from './units.js';\n\nexport interface Point {" },
      { path: 'src/geometry.ts', find: '  return 2 * (width + height);', replace: '  return toCentimeters(2 * (width + height));' },
    ],
  },
  {
    subject: 'Report: header padded to a fixed width',
    edits: [
      { path: 'app/report.py', find: 'def header(title):\n    return "== " + title + " =="', replace: 'WIDTH = 40\n\n\ndef header(title):\n    return ("== " + title + " ==").center(WIDTH)' },
    ],
  },
];

/** Builds the fixture history in `dir` (fixed dates: the same SHAs every time) and returns its first `count` commits. */
export async function fixtureHistory(dir: string, count: number): Promise<History> {
  const n = Math.max(1, Math.min(count, FIXTURE_COMMITS.length));
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '--quiet', '--initial-branch=main']);
  const files = new Map(Object.entries(FIXTURE_BASE));
  let minute = 0;
  const commit = async (message: string): Promise<string> => {
    for (const [path, content] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    await git(dir, ['add', '-A']);
    const date = new Date(Date.UTC(2024, 0, 1, 9, minute++)).toISOString();
    await git(dir, ['commit', '--quiet', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    return (await git(dir, ['rev-parse', 'HEAD'])).trim();
  };
  const base = await commit('Fixture base: geometry, format, inventory, report');
  const commits: History['commits'] = [];
  for (const spec of FIXTURE_COMMITS.slice(0, n)) {
    for (const edit of spec.edits) {
      const before = files.get(edit.path);
      if ('write' in edit) files.set(edit.path, edit.write);
      else if ('append' in edit) files.set(edit.path, `${before ?? ''}${edit.append}`);
      else {
        if (before === undefined || !before.includes(edit.find)) throw new Error(`fixture history: "${edit.find}" not in ${edit.path} (${spec.subject})`);
        files.set(edit.path, before.replace(edit.find, edit.replace));
      }
    }
    commits.push({ sha: await commit(spec.subject), subject: spec.subject });
  }
  return { name: 'fixture', dir, base, commits };
}

// ---------------------------------------------------------------------------------------------------------------
// Stories and their dependsOn

/**
 * Story i = commit i. dependsOn: none when the commit's patch applies (`git apply --3way`, as the agent does) on the
 * starting commit; otherwise the earlier replayed commits `git blame` names for the old side of its `-U1` hunks
 * (the lines it changes and their immediate neighbours), or, if blame names none, the latest earlier replayed
 * commit touching one of its files.
 */
async function planStories(history: History, scratch: string): Promise<{ stories: Story[]; applyOnBase: number }> {
  const index = new Map(history.commits.map((c, i) => [c.sha, i]));
  const idOf = (i: number): string => `R-${String(i + 1).padStart(2, '0')}`;
  await git(history.dir, ['worktree', 'add', '--quiet', '--detach', scratch, history.base]);
  const stories: Story[] = [];
  let applyOnBase = 0;
  try {
    for (const [i, { sha, subject }] of history.commits.entries()) {
      await git(scratch, ['reset', '--quiet', '--hard', history.base]);
      await git(scratch, ['clean', '-fdq']);
      // Verbatim: execa would strip the patch's final newline and git apply would call it corrupt.
      const patch = (await execa('git', ['diff', '--binary', '--full-index', '--no-renames', `${sha}^`, sha], { cwd: history.dir, stripFinalNewline: false })).stdout;
      const applies = patch.trim() === '' || (await execa('git', ['apply', '--3way', '--whitespace=nowarn'], { cwd: scratch, input: patch, reject: false })).exitCode === 0;
      if (applies) {
        applyOnBase += 1;
        stories.push({ id: idOf(i), sha, subject, dependsOn: [] });
        continue;
      }
      const deps = new Set<number>();
      for (const blamed of await blameHunks(history.dir, sha)) {
        const j = index.get(blamed);
        if (j !== undefined && j < i) deps.add(j);
      }
      if (deps.size === 0) {
        const files = (await git(history.dir, ['diff', '--name-only', '--no-renames', `${sha}^`, sha])).split('\n').filter(Boolean);
        const lastTouch = (await git(history.dir, ['log', '-1', '--format=%H', `${history.base}..${sha}^`, '--', ...files])).trim();
        const j = index.get(lastTouch) ?? i - 1;
        if (j >= 0) deps.add(j);
      }
      stories.push({ id: idOf(i), sha, subject, dependsOn: [...deps].sort((a, b) => a - b).map(idOf) });
    }
  } finally {
    await git(history.dir, ['worktree', 'remove', '--force', scratch]).catch(() => undefined);
  }
  return { stories, applyOnBase };
}

/** Commits (in the parent's history) that last touched the old side of the commit's -U1 hunks. */
async function blameHunks(dir: string, sha: string): Promise<Set<string>> {
  const diff = await git(dir, ['diff', '-U1', '--no-renames', '--no-color', `${sha}^`, sha]);
  const ranges: { path: string; start: number; count: number }[] = [];
  let path: string | null = null;
  for (const line of diff.split('\n')) {
    const header = /^diff --git a\/(.+) b\/.+$/.exec(line);
    if (header) path = header[1] ?? null;
    else if (line === '--- /dev/null') path = null; // a new file: nothing earlier to depend on
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+/.exec(line);
    if (hunk && path) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) ranges.push({ path, start, count });
      else if (start > 0) ranges.push({ path, start, count: 1 });
    }
  }
  const shas = new Set<string>();
  for (const { path: file, start, count } of ranges) {
    const out = await execa('git', ['blame', '--porcelain', '-L', `${start},+${count}`, `${sha}^`, '--', file], { cwd: dir, reject: false });
    for (const line of out.stdout.split('\n')) {
      const m = /^([0-9a-f]{40}) \d+ \d+/.exec(line);
      if (m?.[1]) shas.add(m[1]);
    }
  }
  return shas;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs

interface SummaryEvent {
  type: 'summary';
  summary: {
    stories: { passed: number; failed: number; conflicted: number; skipped: number };
    merges: number;
    conflicts: { detected: number; autoResolved: number; byMethod: { entity: number }; fallbacks: number };
    failures: { storyId: string; reason: string }[];
  };
}

type MergeEvent =
  | { type: 'merge:done'; storyId: string; method: string }
  | { type: 'merge:conflict'; storyId: string; files: string[]; resolution: string };

function prdFor(stories: Story[], withDeps: boolean): Record<string, unknown> {
  return {
    project: 'replay',
    branchName: BRANCH,
    description: 'Replay of a linear git history, one story per commit',
    userStories: stories.map((s, i) => ({
      id: s.id,
      title: s.subject,
      description: `Make the change of commit ${s.sha}: ${s.subject}`,
      acceptanceCriteria: [`The working tree has the change of git diff ${s.sha.slice(0, 12)}^ ${s.sha.slice(0, 12)}`],
      priority: i + 1,
      passes: false,
      notes: '',
      ...(withDeps && s.dependsOn.length > 0 ? { dependsOn: s.dependsOn } : {}),
    })),
  };
}

async function runReplay(
  history: History,
  stories: Story[],
  dir: string,
  mode: { parallel: boolean; dependsOn: boolean; concurrency: number; agentDelayMs: number },
): Promise<ReplayRunFigures> {
  await mkdir(dir, { recursive: true });
  const repo = join(dir, 'repo');
  await execa('git', ['clone', '--no-local', '--quiet', history.dir, repo]);
  await git(repo, ['checkout', '--quiet', '-B', 'main', history.base]);
  await writeFile(join(repo, 'prd.json'), `${JSON.stringify(prdFor(stories, mode.dependsOn), null, 2)}\n`);
  await git(repo, ['add', 'prd.json']);
  await git(repo, ['commit', '--quiet', '-m', 'Replay PRD']);
  const mapFile = join(dir, 'map.json');
  const logFile = join(dir, 'agent.jsonl');
  await writeFile(mapFile, JSON.stringify(Object.fromEntries(stories.map((s) => [s.id, s.sha]))));

  const args = ['run', '--json', '--agent', 'custom', '--agent-command', REPLAY_AGENT, '--inference-mode', 'explicit'];
  if (mode.parallel) args.push('--parallel', '--max-concurrency', String(mode.concurrency), '--conflict-strategy', 'entity', '--max-iterations', '2');
  else args.push('--max-iterations', String(stories.length * 2));
  const started = performance.now();
  const result = await execa('node', [BIN, ...args], {
    cwd: repo,
    env: { ...GIT_ENV, CI: 'true', RALPH_REPLAY_MAP: mapFile, RALPH_REPLAY_REPO: join(history.dir, '.git'), RALPH_REPLAY_LOG: logFile, RALPH_REPLAY_DELAY_MS: String(mode.agentDelayMs) },
    reject: false,
    stdin: 'ignore',
  });
  const wallMs = Math.round(performance.now() - started);
  const events = String(result.stdout)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as MergeEvent | SummaryEvent | { type: 'other' });
  const summary = events.find((e): e is SummaryEvent => e.type === 'summary')?.summary;
  const mergeLog = events.flatMap((e) => {
    if (e.type === 'merge:done' && e.method !== 'fast') return [`${e.storyId}: ${e.method}`];
    if (e.type === 'merge:conflict') return [`${e.storyId}: ${e.resolution} ${e.files.join(' ')}`];
    return [];
  });
  if (!summary) throw new Error(`replay run printed no summary (exit ${String(result.exitCode)}): ${String(result.stderr).slice(-2000)}`);

  const agentResults: Record<string, number> = {};
  const agentLines = (existsSync(logFile) ? await readFile(logFile, 'utf8') : '').split('\n').filter(Boolean);
  for (const line of agentLines) {
    const { result: kind } = JSON.parse(line) as { result: string };
    agentResults[kind] = (agentResults[kind] ?? 0) + 1;
  }
  const last = history.commits.at(-1)?.sha ?? history.base;
  const branchExists = (await execa('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${BRANCH}`], { cwd: repo, reject: false })).exitCode === 0;
  const differingFiles = branchExists
    ? (await git(repo, ['diff', '--name-only', last, BRANCH, '--', '.', ...OWNED])).split('\n').filter(Boolean)
    : ['(integration branch missing)'];
  return {
    mode: mode.parallel ? 'parallel' : 'sequential',
    dependsOn: mode.dependsOn,
    wallMs,
    exitCode: result.exitCode ?? -1,
    passed: summary.stories.passed,
    failed: summary.stories.failed,
    conflicted: summary.stories.conflicted,
    skipped: summary.stories.skipped,
    merges: summary.merges,
    conflictsDetected: summary.conflicts.detected,
    autoResolvedByEntity: summary.conflicts.byMethod.entity,
    fallbacks: summary.conflicts.fallbacks,
    agentRuns: agentLines.length,
    agentResults,
    treeMatches: differingFiles.length === 0,
    differingFileCount: differingFiles.length,
    differingFiles: differingFiles.slice(0, 10),
    failures: summary.failures.map((f) => `${f.storyId}: ${f.reason.split('\n')[0] ?? ''}`),
    mergeLog,
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return (await execa('git', args, { cwd, env: { ...GIT_ENV, ...env } })).stdout;
}

/** The package root, from bench/ (ts-jest/swc) or dist/bench/ (compiled). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'ralph-wt'))) return dir;
    if (dirname(dir) === dir) throw new Error(`replay-history: no package root above ${start}`);
  }
}
