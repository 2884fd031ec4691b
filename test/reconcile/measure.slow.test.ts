import { formatMeasurement, measureReconcile } from '../../bench/reconcile-measure.js';

test('reconciliation fixtures: ≥ 95 % of trivial issues auto-fixed, every type error attributed to both stories', async () => {
  const m = await measureReconcile();
  console.log(formatMeasurement(m));
  expect(m.trivial.expected).toBeGreaterThanOrEqual(20);
  expect(m.trivial.percentFixed).toBeGreaterThanOrEqual(95);
  expect(m.filesMatching.matching).toBe(m.filesMatching.cases);
  expect(m.typeErrors.expected).toBeGreaterThanOrEqual(3);
  expect(m.typeErrors.attributed).toBe(m.typeErrors.expected);
  expect(m.unexpectedFlagged).toBe(0);
  for (const c of m.cases.filter((x) => x.commitMessage !== null)) {
    expect(c.commitMessage).toMatch(/^reconcile: /);
    expect(c.commitOnHead).toBe(true);
  }
}, 600_000);

test('complex fixtures are honest: each story branch type-checks alone, only the merge fails', async () => {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { execa } = await import('execa');
  const { buildCaseRepo, loadCases } = await import('../../bench/reconcile-case.js');
  const { fixtureGit } = await import('./fixture-git.js');
  const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
  const work = await mkdtemp(join(tmpdir(), 'ralph-reconcile-honest-'));
  const cases = (await loadCases('fixtures/reconcile/cases')).filter((c) => c.requires.includes('tsc'));
  expect(cases.length).toBeGreaterThanOrEqual(3);
  for (const spec of cases) {
    const built = await buildCaseRepo(spec, work, tsc);
    const check = async (): Promise<number> => (await execa(tsc, ['--noEmit', '-p', '.'], { cwd: built.repo, reject: false })).exitCode ?? -1;
    expect(await check()).not.toBe(0); // merged main
    for (const story of spec.stories) {
      await fixtureGit(built.repo, ['checkout', '-q', `story-${story}`]);
      expect([spec.name, story, await check()]).toEqual([spec.name, story, 0]);
    }
  }
  await rm(work, { recursive: true, force: true });
}, 300_000);
