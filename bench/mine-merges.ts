/**
 * Mines the merge-replay corpus (merge-replay-corpus.ts) from a repository's history, and materialises the case
 * files of both real-merge sets from clones: the corpus (fixtures/merge-replay) and the older replay set
 * (fixtures/replay, whose manifests `replay.js collect` writes).
 *
 *   node dist/bench/mine-merges.js mine <git-dir> <owner/name> <license> [maxCases] [maxMerges] [budgetBytes]
 *   node dist/bench/mine-merges.js materialize [mirror-root] [merge-replay] [replay]   (no set named: both)
 *   node dist/bench/mine-merges.js table          (the README's table rows)
 *
 * Selection rules (recorded in each manifest): the `maxMerges` most recent merge commits reachable from HEAD
 * (`git log --merges`), two parents and a single merge base; files git reports as different from *both* parents
 * in the merge (`-c`), with a .ts/.tsx/.js/.jsx/.mjs/.cjs/.py/.rs path present in all four versions; every
 * version ≤ maxFileBytes, valid UTF-8 without NUL; both sides changed the file; the human's file differs from each
 * side ignoring whitespace and blank lines and has no conflict markers; `git merge-file` on (ours, base, theirs)
 * conflicts; identical triples kept once. Newest first, at most `maxPerMerge` files per merge (by path order),
 * until `maxCases` or the byte budget is reached.
 */
import { execa, execaSync } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gitMergeFile } from '../src/entity-merge/git-merge-file.js';
import { CORPUS_DIR, caseDir, extOf, familyOf, readManifests, sameIgnoringWhitespace } from './merge-replay-corpus.js';
import type { Manifest, ManifestCase, Selection } from './merge-replay-corpus.js';
import { readReplayManifests, REPLAY_DIR, replayCaseDir } from './replay.js';

/** Stdout even when git fails part-way: some snapshots lack a few old objects, and `git log` stops there. */
async function git(gitDir: string, args: string[]): Promise<string> {
  const r = await execa('git', ['--git-dir', gitDir, ...args], { reject: false, stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024 });
  return r.stdout;
}

interface Blob {
  oid: string;
  bytes: Buffer;
}

/** `git cat-file --batch` for many `<rev>:<path>` (or blob id) specs in one process; missing → null. */
export async function readBlobs(gitDir: string, specs: readonly string[]): Promise<(Blob | null)[]> {
  if (specs.length === 0) return [];
  const r = await execa('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { reject: false, input: `${specs.join('\n')}\n`, encoding: 'buffer', stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024 });
  const out = Buffer.from(r.stdout);
  const blobs: (Blob | null)[] = [];
  let at = 0;
  for (let i = 0; i < specs.length; i++) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(header);
    if (!m?.[1] || !m[2] || !m[3]) {
      blobs.push(null);
      continue;
    }
    const size = Number(m[3]);
    blobs.push(m[2] === 'blob' ? { oid: m[1], bytes: out.subarray(at, at + size) } : null);
    at += size + 1;
  }
  return blobs;
}

function decode(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

const MARKER = /^(<{7}|>{7})( |$)/m;

interface Candidate {
  merge: string;
  parents: [string, string];
  paths: string[];
}

/** Merge commits (newest first) with the code files whose merged version differs from both parents. */
async function candidates(gitDir: string, maxMerges: number): Promise<Candidate[]> {
  const log = await git(gitDir, ['log', '--merges', '-c', '--name-only', '--format=%x01%H %P', `--max-count=${maxMerges}`, 'HEAD']);
  const out: Candidate[] = [];
  for (const chunk of log.split('\x01').slice(1)) {
    const [header = '', ...rest] = chunk.split('\n');
    const [merge, p1, p2, ...more] = header.trim().split(' ');
    if (!merge || !p1 || !p2 || more.length > 0) continue;
    const paths = rest.map((p) => p.trim()).filter((p) => p !== '' && familyOf(p) !== null).sort();
    if (paths.length > 0) out.push({ merge, parents: [p1, p2], paths });
  }
  return out;
}

export async function mine(gitDir: string, repo: string, license: string, selection: Selection): Promise<Manifest> {
  const head = (await git(gitDir, ['rev-parse', 'HEAD'])).trim();
  const seen = new Set<string>();
  const cases: ManifestCase[] = [];
  let eligible = 0;
  let bytes = 0;
  for (const cand of await candidates(gitDir, selection.maxMerges)) {
    const bases = (await git(gitDir, ['merge-base', '--all', cand.parents[0], cand.parents[1]])).trim().split('\n').filter((x) => x !== '');
    const mergeBase = bases[0];
    if (bases.length !== 1 || !mergeBase) continue;
    const revs = [mergeBase, cand.parents[0], cand.parents[1], cand.merge];
    const blobs = await readBlobs(gitDir, cand.paths.flatMap((p) => revs.map((rev) => `${rev}:${p}`)));
    let taken = 0;
    for (const [i, path] of cand.paths.entries()) {
      const four = blobs.slice(i * 4, i * 4 + 4);
      const [b, o, t, h] = four;
      if (!b || !o || !t || !h || four.some((x) => !x || x.bytes.length > selection.maxFileBytes)) continue;
      const [base, ours, theirs, human] = [decode(b.bytes), decode(o.bytes), decode(t.bytes), decode(h.bytes)];
      if (base === null || ours === null || theirs === null || human === null) continue;
      if (ours === theirs || base === ours || base === theirs) continue;
      if (sameIgnoringWhitespace(human, ours) || sameIgnoringWhitespace(human, theirs) || MARKER.test(human)) continue;
      const key = createHash('sha1').update(`${b.oid} ${o.oid} ${t.oid}`).digest('hex');
      if (seen.has(key)) continue;
      seen.add(key);
      const g = await gitMergeFile({ current: o.bytes, base: b.bytes, other: t.bytes, labels: { current: 'ours', base: 'base', other: 'theirs' } });
      if (!g.ok || g.clean) continue;
      eligible++;
      const size = b.bytes.length + o.bytes.length + t.bytes.length + h.bytes.length;
      if (taken >= selection.maxPerMerge || cases.length >= selection.maxCases || bytes + size > selection.budgetBytes) continue;
      taken++;
      bytes += size;
      const file = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '').replace(/[^\w.-]/g, '_');
      cases.push({
        name: `${String(cases.length + 1).padStart(3, '0')}-${cand.merge.slice(0, 8)}-${file}`,
        mergeCommit: cand.merge,
        parents: cand.parents,
        mergeBase,
        path,
        blobs: { base: b.oid, ours: o.oid, theirs: t.oid, human: h.oid },
        bytes: size,
        gitConflicts: g.conflicts,
      });
    }
  }
  return { repo, head, license, selection, eligible, cases };
}

const SIDES = ['base', 'ours', 'theirs', 'human'] as const;

/** What materialising needs of a manifest, whichever set it belongs to. */
export interface MaterializableManifest {
  repo: string;
  cases: readonly { name: string; path: string; blobs: Record<(typeof SIDES)[number], string> }[];
}

/**
 * Writes every case's four versions (`<side>.<ext>`) and `meta.json` (the manifest's case with its repository) into
 * `dirOf(repo, case)`, reading blobs from the clone at `<mirrorRoot>/<owner+repo>/repo`, `<owner+repo>.git` or
 * `<owner+repo>` (bare or not);
 * throws when a clone or a blob id is missing, so every machine gets byte-identical cases.
 */
export async function materializeCases(manifests: readonly MaterializableManifest[], dirOf: (repo: string, name: string) => string, mirrorRoot: string): Promise<number> {
  let written = 0;
  for (const manifest of manifests) {
    const slug = manifest.repo.replace('/', '+');
    // A bare clone is its own git dir; a clone with a work tree keeps it in .git.
    const gitDir = [join(mirrorRoot, slug, 'repo'), join(mirrorRoot, `${slug}.git`), join(mirrorRoot, slug)].flatMap((d) => [d, join(d, '.git')]).find(isGitDir);
    if (!gitDir) throw new Error(`no clone of ${manifest.repo} under ${mirrorRoot} (expected ${slug}/repo or ${slug}.git)`);
    const blobs = await readBlobs(gitDir, manifest.cases.flatMap((c) => SIDES.map((s) => c.blobs[s])));
    manifest.cases.forEach((c, i) => {
      const dir = dirOf(manifest.repo, c.name);
      mkdirSync(dir, { recursive: true });
      SIDES.forEach((side, j) => {
        const blob = blobs[i * 4 + j];
        if (!blob || blob.oid !== c.blobs[side]) throw new Error(`${manifest.repo} ${c.name}: blob ${c.blobs[side]} (${side}) not found`);
        writeFileSync(join(dir, `${side}.${extOf(c.path)}`), blob.bytes);
      });
      writeFileSync(join(dir, 'meta.json'), `${JSON.stringify({ repo: manifest.repo, ...c }, null, 2)}\n`);
      written++;
    });
  }
  return written;
}

/** The merge-replay corpus: fixtures/merge-replay/<owner+repo>/cases/. */
export async function materialize(root: string, mirrorRoot: string): Promise<number> {
  return materializeCases(readManifests(root), (repo, name) => caseDir(root, repo, name), mirrorRoot);
}

/** The older replay set: fixtures/replay/<owner+repo>/cases/. */
export async function materializeReplay(root: string, mirrorRoot: string): Promise<number> {
  const dir = join(root, REPLAY_DIR);
  return materializeCases(readReplayManifests(dir), (repo, name) => replayCaseDir(dir, repo, name), mirrorRoot);
}

function isGitDir(dir: string): boolean {
  return existsSync(dir) && execaSync('git', ['--git-dir', dir, 'rev-parse', '--git-dir'], { reject: false, stdio: 'ignore' }).exitCode === 0;
}

async function cli(argv: string[]): Promise<void> {
  const root = process.cwd();
  if (argv[0] === 'mine' && argv[1] && argv[2] && argv[3]) {
    const selection: Selection = {
      maxCases: Number(argv[4] ?? 80),
      maxMerges: Number(argv[5] ?? 5000),
      budgetBytes: Number(argv[6] ?? 3_000_000),
      maxFileBytes: 24_000,
      maxPerMerge: 3,
    };
    const manifest = await mine(argv[1], argv[2], argv[3], selection);
    const dir = join(root, CORPUS_DIR, argv[2].replace('/', '+'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    const total = manifest.cases.reduce((n, c) => n + c.bytes, 0);
    process.stdout.write(`${argv[2]}: ${manifest.cases.length} cases (${manifest.eligible} eligible), ${(total / 1e6).toFixed(2)} MB, HEAD ${manifest.head}\n`);
    return;
  }
  if (argv[0] === 'materialize') {
    const mirrorRoot = argv[1] ?? '/work/.mirror';
    const named = argv.slice(2);
    const sets = [
      { name: 'merge-replay', dir: CORPUS_DIR, run: materialize },
      { name: 'replay', dir: REPLAY_DIR, run: materializeReplay },
    ];
    const unknown = named.filter((n) => !sets.some((s) => s.name === n));
    if (unknown.length > 0) throw new Error(`unknown set ${unknown.join(', ')}; known: merge-replay, replay`);
    for (const set of sets.filter((s) => named.length === 0 || named.includes(s.name))) {
      const n = await set.run(root, mirrorRoot);
      process.stdout.write(`${n} cases written under ${set.dir}/*/cases\n`);
    }
    return;
  }
  if (argv[0] === 'table') {
    for (const m of readManifests(root)) {
      const mb = m.cases.reduce((n, c) => n + c.bytes, 0) / 1e6;
      process.stdout.write(`| \`${m.repo.replace('/', '+')}\` | https://github.com/${m.repo} | ${m.license} | \`${m.head}\` | ${m.selection.maxMerges} | ${m.cases.length} (of ${m.eligible}) | ${mb.toFixed(2)} MB |\n`);
    }
    return;
  }
  throw new Error('usage: mine-merges.js mine <git-dir> <owner/name> <license> [maxCases] [maxMerges] [budgetBytes] | materialize [mirror-root] [merge-replay] [replay] | table');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
