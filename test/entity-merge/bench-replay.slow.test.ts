import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeReplay } from '../../bench/mine-merges.js';
import { benchReplay, collectReplayManifest, loadReplaySet, REPLAY_DIR, writeReplayManifest } from '../../bench/replay.js';
import type { ReplayManifest } from '../../bench/replay.js';
import { GIT_ENV, ROOT } from '../helpers/cli.js';

// The real replay set is the repositories' code and is not committed (fixtures/replay/README.md); what it must show
// is the bench's `checks`. This test runs the same pipeline (collect → manifest → materialize → bench) on triples we
// wrote, committed as real merges in a temporary repository.
const TRIPLES = join(ROOT, 'fixtures', 'replay', 'hand-written');
const REPO = 'test/hand-written';

function extOf(caseDir: string): string {
  const human = readdirSync(caseDir).find((f) => f.startsWith('human.'));
  if (!human) throw new Error(`${caseDir} has no human.<ext>`);
  return human.slice('human.'.length);
}

const blobId = (bytes: Buffer): string => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

/** One merge per triple on main: base, then ours on main and theirs on a branch, merged into the human's file. */
async function commitTriples(work: string): Promise<Map<string, string>> {
  const git = async (args: string[]): Promise<void> => {
    await execa('git', args, { cwd: work, env: GIT_ENV });
  };
  await git(['init', '-q', '-b', 'main']);
  writeFileSync(join(work, 'README'), 'triples\n');
  await git(['add', '.']);
  await git(['commit', '-qm', 'root']);
  const paths = new Map<string, string>();
  for (const name of readdirSync(TRIPLES).sort()) {
    const path = `src/${name}.${extOf(join(TRIPLES, name))}`;
    paths.set(path, name);
    const put = async (side: string, message: string): Promise<void> => {
      mkdirSync(join(work, 'src'), { recursive: true });
      copyFileSync(join(TRIPLES, name, `${side}.${extOf(join(TRIPLES, name))}`), join(work, path));
      await git(['add', path]);
      await git(['commit', '-qm', message]);
    };
    await put('base', `${name}: base`);
    await git(['branch', `theirs-${name}`]);
    await put('ours', `${name}: ours`);
    await git(['checkout', '-q', `theirs-${name}`]);
    await put('theirs', `${name}: theirs`);
    await git(['checkout', '-q', 'main']);
    await git(['merge', '-q', '--no-ff', '--no-commit', '-s', 'ours', `theirs-${name}`]);
    await put('human', `${name}: merge`);
  }
  return paths;
}

describe('bench/replay.ts on hand-written triples committed as merges', () => {
  let tmp: string;
  let manifest: ReplayManifest;
  let paths: Map<string, string>;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'replay-set-'));
    // A clone with a work tree, where materialize looks for one: <mirror-root>/<owner+repo>.
    const work = join(tmp, 'mirrors', REPO.replace('/', '+'));
    mkdirSync(work, { recursive: true });
    paths = await commitTriples(work);
    manifest = await collectReplayManifest(join(work, '.git'), 'MIT', { repo: REPO, maxMerges: 50 });
    writeReplayManifest(join(tmp, REPLAY_DIR), manifest);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('collect records every merge with the blob ids of the four versions', () => {
    expect(manifest.cases).toHaveLength(4);
    expect(manifest.selection).toEqual({ maxMerges: 50, maxFileBytes: 24_000, budgetBytes: 600_000, maxGitClean: 10 });
    for (const c of manifest.cases) {
      const name = paths.get(c.path);
      expect(name).toBeDefined();
      const ext = c.path.slice(c.path.lastIndexOf('.') + 1);
      for (const side of ['base', 'ours', 'theirs', 'human'] as const) {
        expect(c.blobs[side]).toBe(blobId(readFileSync(join(TRIPLES, String(name), `${side}.${ext}`))));
      }
    }
    expect(manifest.cases.filter((c) => c.gitConflicts === 0).map((c) => paths.get(c.path))).toEqual(['clean-edits']);
  });

  test('before materialize the set fails with one line naming the command; materialize writes the files byte-identical', async () => {
    const dir = join(tmp, REPLAY_DIR);
    expect(() => loadReplaySet(dir)).toThrow(/^\S+ is not materialised: run `node dist\/bench\/mine-merges\.js materialize <mirror-root> replay` with clones of test\/hand-written under <mirror-root> \(see fixtures\/replay\/README\.md\)$/);
    await expect(materializeReplay(tmp, join(tmp, 'mirrors'))).resolves.toBe(4);
    const cases = loadReplaySet(dir);
    expect(cases).toHaveLength(4);
    for (const c of cases) {
      const name = String(paths.get(c.meta.path));
      for (const side of ['base', 'ours', 'theirs', 'human'] as const) expect(c[side]).toBe(readFileSync(join(TRIPLES, name, `${side}.${c.ext}`), 'utf8'));
    }
  });

  test('the bench counts the clean merge, the resolved conflict, the side the human kept and the conflict left to the human', async () => {
    await materializeReplay(tmp, join(tmp, 'mirrors'));
    const { details, ...report } = await benchReplay({ root: tmp });
    expect(details).toHaveLength(4);
    expect(report.all).toMatchObject({ cases: 4, gitConflicts: 3, resolved: 1, resolvedMatchingHuman: 1, resolvedDifferent: 0, gitClean: 1, gitCleanMatchingHuman: 1, regressions: 0, lostClean: 0 });
    expect(report.keptOneSide.cases).toBe(1);
    expect(report.combined.cases).toBe(3);
    expect(report.byRepo[REPO]?.cases).toBe(4);
    expect(report.checks).toEqual({ noRegressions: true, resolvesSome: true, mostResolutionsMatchHuman: true });
  });

  test('materialize refuses a blob id the clone does not hold', async () => {
    const first = manifest.cases[0];
    if (!first) throw new Error('no case');
    const other = join(tmp, 'corrupt');
    writeReplayManifest(join(other, REPLAY_DIR), { ...manifest, cases: [{ ...first, blobs: { ...first.blobs, human: '0'.repeat(40) } }] });
    await expect(materializeReplay(other, join(tmp, 'mirrors'))).rejects.toThrow(`blob ${'0'.repeat(40)} (human) not found`);
  });
});
