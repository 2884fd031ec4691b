import { benchReplay, loadReplaySet } from '../../bench/replay.js';

describe('bench/replay.ts (real merges, offline from fixtures/replay)', () => {
  test('the stored replay set is a few hundred triples from three repositories, under 2 MB', () => {
    const cases = loadReplaySet(`${process.cwd()}/fixtures/replay`);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.meta.repo)).size).toBe(3);
    const bytes = cases.reduce((n, c) => n + Buffer.byteLength(c.base + c.ours + c.theirs + c.human) + 300, 0);
    expect(bytes).toBeLessThan(2_000_000);
  });

  test('resolves some git conflicts, never regresses a clean git merge that matched the human', async () => {
    const { details, ...report } = await benchReplay();
    process.stdout.write(`replay: ${JSON.stringify(report)}\n`);
    expect(details.length).toBe(report.all.cases);
    expect(report.all.regressions).toBe(0);
    expect(report.all.resolved).toBeGreaterThan(0);
    // Resolutions that differ from the human's file were reviewed: import order, blank lines, or an extra edit the
    // human made in the merge commit (an unused import removed). Keep them a minority.
    expect(report.all.resolvedMatchingHuman).toBeGreaterThan(report.all.resolvedDifferent);
    // Two hundred three-way merges through git merge-file and the entity merge: minutes on a loaded machine.
  }, 600_000);
});
