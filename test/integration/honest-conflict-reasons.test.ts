import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((r) => r.cleanup()));
  repos = [];
});

/** Two stories changing one function: whichever merges second conflicts on `function total`. */
async function conflictingRepo(): Promise<TestRepo> {
  const files = { 'src/total.ts': 'export function total(x: number): number {\n  return x;\n}\n\nexport function keep(): number {\n  return 1;\n}\n' };
  const repo = await makeRepo(files, prdFor([{ id: 'US-1' }, { id: 'US-2' }]), {
    'US-1': { replace: [{ path: 'src/total.ts', find: 'return x;', replace: 'return Math.round(x);' }], complete: true },
    'US-2': { waitForMerge: 'US-1', replace: [{ path: 'src/total.ts', find: 'return x;', replace: 'return x + 1;' }], complete: true },
  });
  repos.push(repo);
  return repo;
}

const REASON = { file: 'src/total.ts', entity: 'function total', reason: 'both modified' };
const WORDS = 'src/total.ts: function total (both modified)';

describe('a merge conflict names the conflicting entities', () => {
  it('in the merge:conflict and story:conflicted events, as data', async () => {
    const repo = await conflictingRepo();
    const result = await runCli(repo, ['run', '--parallel', '--no-fallback', '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    const conflict = result.events.find((e) => e.type === 'merge:conflict');
    expect(conflict).toMatchObject({ files: ['src/total.ts'], conflicts: [REASON], resolution: 'conflicted' });
    expect(result.events.find((e) => e.type === 'story:conflicted')).toMatchObject({ conflicts: [REASON] });
  }, 120_000);

  it('in the line display, in the journal and in `ralph-wt status`', async () => {
    const repo = await conflictingRepo();
    const result = await runCli(repo, ['run', '--parallel', '--no-fallback', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.find((l) => l.includes('merge conflict in'))).toContain(WORDS);
    expect(lines.find((l) => l.includes('CONFLICTED:'))).toContain(WORDS);

    const journal = JSON.parse(await readFile(join(repo.dir, '.git', 'ralph-wt', 'state.json'), 'utf8')) as {
      stories: Record<string, { state: string; conflicts?: unknown }>;
    };
    const conflicted = Object.values(journal.stories).filter((s) => s.state === 'conflicted');
    expect(conflicted).toHaveLength(1);
    expect(conflicted[0]?.conflicts).toEqual([REASON]);

    const status = await runCli(repo, ['status']);
    expect(status.exitCode).toBe(0);
    expect(status.stdout.split('\n').find((l) => /\bconflicted\b/.test(l) && l.startsWith('US-'))).toContain(`conflicted on ${WORDS}`);
  }, 120_000);
});
