import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_ARGS, EXPLICIT_ONLY, makeRepo, runCli, type TestRepo } from '../helpers/cli.js';
import { expectSameShape, familyFile, familyFiles, type FamilyFile } from './family-fixtures.js';

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((repo) => repo.cleanup()));
  repos = [];
});

/** A repo whose committed prd.json is `text` byte for byte (makeRepo would reformat it). */
async function repoWithPrdText(text: string): Promise<TestRepo> {
  const repo = await makeRepo({ 'README.md': '# project\n' }, {});
  repos.push(repo);
  await writeFile(join(repo.dir, 'prd.json'), text);
  await repo.git(['add', 'prd.json']);
  await repo.git(['commit', '--quiet', '-m', 'the prd.json as its tool wrote it']);
  return repo;
}

function idsToDo(file: FamilyFile): string[] {
  const raw = JSON.parse(file.text) as { userStories: Array<{ id: string; passes?: boolean }> };
  return raw.userStories.filter((story) => story.passes !== true).map((story) => story.id);
}

describe('the built CLI on the Ralph family', () => {
  it.each(familyFiles().map((file) => [file.name, file] as const))('%s validates and plans unchanged', async (_name, file) => {
    const repo = await repoWithPrdText(file.text);
    const validated = await runCli(repo, ['validate']);
    expect(validated.stderr).toBe('');
    expect(validated.exitCode).toBe(0);
    expect(validated.stdout).toContain('valid —');
    const planned = await runCli(repo, ['plan']);
    expect(planned.stderr).toBe('');
    expect(planned.exitCode).toBe(0);
    expect(await readFile(join(repo.dir, 'prd.json'), 'utf8')).toBe(file.text);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });

  // One of each tool, in both run modes: the story's commit and the merge lane both rewrite prd.json.
  const runs: Array<[string, string[]]> = [
    ['ralph-tui/test-prd.json', ['--parallel']],
    ['ralph-tui/skill-create-json-minimal.json', []],
    ['rust-ralph/test_prd.json', []],
    ['rust-ralph/prd.json.example.json', ['--parallel']],
  ];

  it.each(runs)('%s runs %j with the scripted agent and keeps its shape', async (name, mode) => {
    const file = familyFile(name);
    const repo = await repoWithPrdText(file.text);
    const result = await runCli(repo, ['run', ...mode, '--json', ...AGENT_ARGS, ...EXPLICIT_ONLY]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const branch = (JSON.parse(file.text) as { branchName: string }).branchName;
    const todo = idsToDo(file);
    const done = await repo.git(['log', '--format=%s', branch]);
    for (const id of todo) expect(done).toContain(`feat(${id})`);
    // The file on the integration branch: only `passes: true` for the stories that ran.
    const after = await repo.git(['show', `${branch}:prd.json`]);
    expectSameShape(file.text, `${after}\n`, todo);
  });
});

describe('refused before anything is touched (exit 2)', () => {
  it('branchName "@{-1}" fails validate and run with the git rule, and creates no branch (B21)', async () => {
    const file = familyFile('snarktank-ralph/prd.json');
    const text = file.text.replace(/"branchName": "[^"]*"/, '"branchName": "@{-1}"');
    const repo = await repoWithPrdText(text);
    const branchesBefore = await repo.git(['branch', '--list']);
    for (const command of [['validate'], ['run', ...AGENT_ARGS], ['run', '--parallel', ...AGENT_ARGS]]) {
      const result = await runCli(repo, command);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('field "branchName": "@{-1}" is not a valid git branch name: must not contain "@{"');
    }
    expect(await repo.git(['branch', '--list'])).toBe(branchesBefore);
    expect(await repo.git(['status', '--porcelain'])).toBe('');
  });

  it('a 100,000-story prd.json gets a clear limit, not a crash (B24)', async () => {
    const stories = Array.from({ length: 100_000 }, (_, i) => ({
      id: `US-${i}`, title: `Story ${i}`, description: `Do ${i}`, acceptanceCriteria: ['works'], priority: i + 1, passes: false,
    }));
    const repo = await repoWithPrdText(`${JSON.stringify({ project: 'big', branchName: 'ralph/big', description: 'd', userStories: stories }, null, 2)}\n`);
    for (const command of [['validate'], ['plan'], ['run', ...AGENT_ARGS]]) {
      const result = await runCli(repo, command);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('field "userStories": 100000 stories; ralph-wt plans at most 5000 per prd.json');
    }
  });

  it('a ralph-tui "tasks" file is named as another schema', async () => {
    const repo = await repoWithPrdText(`${JSON.stringify({ name: 'Feature', tasks: [{ id: 'T-1', title: 'x', status: 'open' }] }, null, 2)}\n`);
    const result = await runCli(repo, ['validate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `ralph-wt: ${join(repo.dir, 'prd.json')}: not a Ralph prd.json: expected an object with a "userStories" array and a "branchName" (the format of snarktank/ralph, ralph-tui and the Rust ralph), found the top-level keys "name", "tasks"`,
    ]);
  });
});
