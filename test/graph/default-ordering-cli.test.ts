import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanJson } from '../../src/graph/render/json.js';
import { makeRepo, ROOT, runCli, type TestRepo } from '../helpers/cli.js';

interface LabelledPrd {
  name: string;
  stories: { id: string; title: string; description: string; acceptanceCriteria: string[] }[];
}

/** The requirements document's 15 stories (fixtures/similarity/pairs.json), as a prd.json without dependsOn. */
async function seedPrd(): Promise<Record<string, unknown>> {
  const fixture = JSON.parse(await readFile(join(ROOT, 'fixtures', 'similarity', 'pairs.json'), 'utf8')) as { prds: LabelledPrd[] };
  const seed = fixture.prds.find((prd) => prd.name === 'parallel-story-execution');
  if (!seed) throw new Error('seed PRD missing from fixtures/similarity/pairs.json');
  return {
    project: 'ralph',
    branchName: 'ralph/parallel',
    description: 'seed PRD',
    userStories: seed.stories.map((story, i) => ({ ...story, priority: i + 1, passes: false })),
  };
}

describe('ralph-wt plan in the default mode on the seed PRD', () => {
  let repo: TestRepo;
  afterEach(async () => {
    await repo.cleanup();
  });

  it('orders stories only on strong similarity; weaker pairs are hints, and the PRD runs in 3 waves, not 8', async () => {
    repo = await makeRepo({ 'README.md': 'seed\n' }, await seedPrd());
    const result = await runCli(repo, ['plan', '--format', 'json']);
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout) as PlanJson;
    expect(plan.edges.every((e) => e.origin === 'similarity')).toBe(true);
    expect(plan.edges).toHaveLength(3);
    expect(plan.hints.length).toBeGreaterThan(20);
    expect(plan.waves).toHaveLength(3);
    expect(plan.criticalPath).toHaveLength(3);
  });

  it('a similarity threshold the user sets orders at that threshold, as before', async () => {
    repo = await makeRepo({ 'README.md': 'seed\n' }, await seedPrd());
    const result = await runCli(repo, ['plan', '--format', 'json', '--similarity-threshold', '0.09']);
    const plan = JSON.parse(result.stdout) as PlanJson;
    expect(plan.edges).toHaveLength(33);
    expect(plan.hints).toEqual([]);
  });
});
