import type { RunEvent } from '../../src/events/types.js';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

const MATH = 'export function add(a, b) {\n  return a + b;\n}\n';
const APP = "import { add } from './math.js';\n\nexport const total = add(1, 2);\n";
const RENAME = [
  { path: 'src/math.js', find: 'function add', replace: 'function sum' },
  { path: 'src/app.js', find: 'add', replace: 'sum', all: true },
];
const REPORT_OLD = "import { add } from './math.js';\n\nexport const report = () => add(3, 4);\n";
const REPORT_NEW = "import { sum } from './math.js';\n\nexport const report = () => sum(3, 4);\n";

/**
 * US-1 renames add → sum and fixes its callers; US-2 adds a new caller of add
 * in a new file. git merges the two cleanly; the result calls a function that
 * no longer exists. Whichever story merges second must be held back.
 */
async function renameVsNewCaller(): Promise<TestRepo> {
  return makeRepo({ 'src/math.js': MATH, 'src/app.js': APP }, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
    'US-1': [
      { replace: RENAME, complete: true },
      // Re-run on a head that already has US-2's caller: fix that one too.
      { replace: [...RENAME, { path: 'src/report.js', find: 'add', replace: 'sum', all: true }], complete: true },
    ],
    'US-2': [
      { write: { 'src/report.js': REPORT_OLD }, complete: true },
      { write: { 'src/report.js': REPORT_NEW }, complete: true },
    ],
  });
}

function conflicts(events: RunEvent[]): RunEvent[] {
  return events.filter((e) => e.type === 'merge:conflict');
}

describe('semantic conflicts are caught by the merge lane', () => {
  let repo: TestRepo;
  afterEach(async () => {
    await repo.cleanup();
  });

  it('--no-fallback: a rename and a new caller of the old name do not merge silently; the second story is conflicted', async () => {
    repo = await renameVsNewCaller();
    const result = await runCli(repo, ['run', '--parallel', '--no-fallback', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    const conflicted = result.events.filter((e) => e.type === 'story:conflicted');
    expect(conflicted).toHaveLength(1);
    // Either order: the file named is the one whose new code refers to the renamed function.
    expect(conflicts(result.events)).toEqual([expect.objectContaining({ files: ['src/report.js'], resolution: 'conflicted' })]);
    // The integration branch never holds the broken combination.
    const tree = await repo.git(['ls-tree', '-r', '--name-only', 'ralph/test']);
    const math = await repo.git(['show', 'ralph/test:src/math.js']);
    const broken = tree.includes('src/report.js') && math.includes('function sum') && (await repo.git(['show', 'ralph/test:src/report.js'])).includes('add(');
    expect(broken).toBe(false);
  });

  it('with the fallback, the held-back story re-runs alone on the new head with the reason, and the result is consistent', async () => {
    repo = await renameVsNewCaller();
    const result = await runCli(repo, ['run', '--parallel', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(0);
    expect(conflicts(result.events)).toEqual([expect.objectContaining({ files: ['src/report.js'], resolution: 'fallback' })]);
    expect(await repo.git(['show', 'ralph/test:src/math.js'])).toContain('function sum');
    expect(await repo.git(['show', 'ralph/test:src/report.js'])).toBe(REPORT_NEW.trimEnd());
    expect(await repo.git(['show', 'ralph/test:src/app.js'])).not.toMatch(/\badd\b/);
  });
});
