import { benchConflicts, loadConflictCases } from '../../bench/conflicts.js';
import { confusionMatrix } from '../../bench/conflict-quality.js';

describe('confusionMatrix', () => {
  test('counts and rates', () => {
    const m = confusionMatrix([
      { truth: true, predicted: true },
      { truth: true, predicted: false },
      { truth: false, predicted: true },
      { truth: false, predicted: false },
      { truth: false, predicted: false },
    ]);
    expect(m).toEqual({ truePositives: 1, falsePositives: 1, trueNegatives: 2, falseNegatives: 1, recall: 0.5, falsePositiveRate: 1 / 3, precision: 0.5 });
    expect(confusionMatrix([])).toMatchObject({ recall: 1, falsePositiveRate: 0, precision: 1 });
  });
});

describe('labelled corpus (fixtures/conflicts): ground truth from real merges and checks', () => {
  test('entity strategy: recall 100 %, false-positive rate ≤ 10 %; better than file', async () => {
    const cases = loadConflictCases();
    const bench = await benchConflicts(cases);
    const rows = bench.entity.cases.map((v) => {
      const fileVerdict = bench.file.cases.find((f) => f.name === v.name);
      const t = bench.truth.get(v.name);
      return `${v.truth ? 'T' : 'F'} entity:${v.predicted ? 'T' : 'F'} file:${fileVerdict?.predicted ? 'T' : 'F'} ${v.name} [${t?.reason}] ${v.conflicts.map((c) => c.rule).join(',')}`;
    });
    // Printed for the report; the assertions below are the contract.
    console.log([`cases ${bench.cases} ${JSON.stringify(bench.byLanguage)} true ${bench.truePairs}`, `entity ${JSON.stringify(bench.entity.matrix)}`, `file ${JSON.stringify(bench.file.matrix)}`, ...rows].join('\n'));
    expect(bench.intentMismatches).toEqual([]);
    expect(bench.cases).toBeGreaterThanOrEqual(40);
    expect(bench.entity.matrix.recall).toBe(1);
    expect(bench.entity.matrix.falsePositiveRate).toBeLessThanOrEqual(0.1);
    expect(bench.entity.matrix.falsePositiveRate).toBeLessThan(bench.file.matrix.falsePositiveRate);
  }, 600_000);
});
