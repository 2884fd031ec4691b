import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { branchNameProblem } from '../../src/prd/branch-name.js';
import { parsePrd } from '../../src/prd/load.js';
import { markStoryPassed } from '../../src/prd/mark-passed.js';
import { findPrdProblems, MAX_STORIES, validatePrdObject } from '../../src/prd/validate.js';
import { formatJson } from '../../src/util/atomic-write.js';
import { expectSameShape, familyFile, familyFiles } from './family-fixtures.js';

describe('prd.json of the Ralph family (fixtures/prd-family)', () => {
  const files = familyFiles();

  it('has the files of all three tools', () => {
    expect(new Set(files.map((file) => file.tool))).toEqual(new Set(['snarktank-ralph', 'ralph-tui', 'rust-ralph']));
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((file) => [file.name, file] as const))('%s loads', (_name, file) => {
    const { prd, raw } = parsePrd(file.text, file.name);
    expect(prd.userStories.length).toBeGreaterThan(0);
    expect(prd.project).toBe(raw['project'] ?? raw['name']);
    expect(prd.branchName).toBe(raw['branchName']);
  });

  it.each(files.map((file) => [file.name, file] as const))('%s is rewritten in its own shape when every story passes', (_name, file) => {
    let { raw } = parsePrd(file.text, file.name);
    const ids = parsePrd(file.text, file.name).prd.userStories.map((story) => story.id);
    for (const id of ids) raw = markStoryPassed(raw, id);
    const rewritten = formatJson(raw);
    expectSameShape(file.text, rewritten, ids);
    // The rewritten file still loads, with every story passed.
    expect(parsePrd(rewritten, file.name).prd.userStories.every((story) => story.passes)).toBe(true);
  });

  it('a ralph-tui file keeps "name" and gains no "project" or defaulted field', () => {
    const file = familyFile('ralph-tui/skill-create-json-minimal.json');
    const { raw } = parsePrd(file.text, file.name);
    const rewritten = JSON.parse(formatJson(markStoryPassed(raw, 'US-001'))) as Record<string, unknown>;
    expect(Object.keys(rewritten)).toEqual(['name', 'branchName', 'userStories']);
    expect((rewritten['userStories'] as unknown[])[0]).toEqual({ id: 'US-001', title: 'Add a PdfRenderer interface', passes: true, dependsOn: [] });
  });
});

describe('defaults for what the family leaves out', () => {
  it('fills a minimal ralph-tui story: description = title, no criteria, priority = file order, passes = false', () => {
    const prd = validatePrdObject(
      {
        name: 'Tui feature',
        branchName: 'ralph/tui',
        userStories: [
          { id: 'A', title: 'First', passes: true },
          { id: 'B', title: 'Second', dependsOn: ['A'] },
          { id: 'C', title: 'Third', priority: 1, passes: false },
        ],
      },
      'prd.json',
    );
    expect(prd.project).toBe('Tui feature');
    expect(prd.description).toBe('Tui feature');
    expect(prd.userStories).toEqual([
      { id: 'A', title: 'First', description: 'First', acceptanceCriteria: [], priority: 1, passes: true },
      { id: 'B', title: 'Second', description: 'Second', acceptanceCriteria: [], priority: 2, passes: false, dependsOn: ['A'] },
      { id: 'C', title: 'Third', description: 'Third', acceptanceCriteria: [], priority: 1, passes: false },
    ]);
  });

  it('takes a Rust-ralph story without description or acceptanceCriteria', () => {
    const prd = validatePrdObject(
      { project: 'Rusty', branchName: 'ralph/rust', description: 'd', userStories: [{ id: 'US-001', title: 'Only a title', priority: 3, passes: false, targetFiles: ['src/lib.rs'] }] },
      'prd.json',
    );
    expect(prd.userStories[0]).toEqual({ id: 'US-001', title: 'Only a title', description: 'Only a title', acceptanceCriteria: [], priority: 3, passes: false, targetFiles: ['src/lib.rs'] });
  });

  it('prefers "project" when both names are given, and requires one of them', () => {
    expect(validatePrdObject({ project: 'P', name: 'N', branchName: 'b', userStories: [] }, 'f').project).toBe('P');
    expect(findPrdProblems({ branchName: 'b', userStories: [] })).toEqual(['field "project": is required (or "name", as ralph-tui writes it)']);
    expect(findPrdProblems({ name: 7, branchName: 'b', userStories: [] })).toEqual(['field "name": must be a string']);
  });

  it('still checks the types of the fields it defaults', () => {
    expect(findPrdProblems({ name: 'x', branchName: 'b', userStories: [{ id: 'A', title: 'T', description: 3, priority: 'high' }] })).toEqual([
      'story "A" field "description": must be a string',
      'story "A" field "priority": must be an integer',
    ]);
  });
});

describe('a file of another schema', () => {
  it('gets one message naming what was expected', () => {
    expect(findPrdProblems({ name: 'Tasks', tasks: [{ id: 't1' }] })).toEqual([
      'not a Ralph prd.json: expected an object with a "userStories" array and a "branchName" (the format of snarktank/ralph, ralph-tui and the Rust ralph), found the top-level keys "name", "tasks"',
    ]);
    expect(findPrdProblems({})).toEqual([expect.stringContaining('found an empty object')]);
  });

  it('says when the stories are wrapped in "prd"', () => {
    const [problem] = findPrdProblems({ prd: { name: 'x', userStories: [] } });
    expect(problem).toContain('(the stories are inside "prd": move its keys to the top level)');
  });
});

describe('size limit (B24)', () => {
  it(`refuses more than ${MAX_STORIES} stories with one message, before any per-story check`, () => {
    const stories = Array.from({ length: 100_000 }, (_, i) => ({ id: `US-${i}`, title: `Story ${i}` }));
    const problems = findPrdProblems({ project: 'big', branchName: 'ralph/big', userStories: stories });
    expect(problems).toEqual([
      `field "userStories": 100000 stories; ralph-wt plans at most ${MAX_STORIES} per prd.json (planning compares every pair of stories): split it into several PRDs`,
    ]);
  });

  it(`accepts exactly ${MAX_STORIES} stories`, () => {
    const stories = Array.from({ length: MAX_STORIES }, (_, i) => ({ id: `US-${i}`, title: `Story ${i}` }));
    expect(findPrdProblems({ project: 'big', branchName: 'ralph/big', userStories: stories })).toEqual([]);
  });
});

describe('branchName follows git check-ref-format --branch (B21)', () => {
  const names = [
    'ralph/feature', 'feature', 'a/HEAD', '@', 'x@y', 'ü/ñ', 'a{b', 'foo.lock.x', 'refs/heads/x', 'v1.2', 'a-b_c',
    'HEAD', '@{-1}', '@{upstream}', 'a@{b', '-x', 'a.lock', 'a/b.lock', 'a.lock/b', 'a b', 'a..b', '.a', 'a/.b', 'a.', 'a/',
    '/a', 'a//b', 'a\\b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'tab\there', 'del\u007f', 'x/..',
  ];

  let outside: string;
  beforeAll(async () => {
    // Outside any repository, so git cannot expand @{-1} into a previously checked-out branch.
    outside = await mkdtemp(join(tmpdir(), 'ralph-refname-'));
  });
  afterAll(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it.each(names)('%j: our verdict is git\'s', async (name) => {
    const git = await execa('git', ['check-ref-format', '--branch', name], { cwd: outside, reject: false, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
    const problem = branchNameProblem(name);
    expect({ name, valid: problem === null }).toEqual({ name, valid: git.exitCode === 0 });
  });

  it('names the rule that is broken', () => {
    expect(branchNameProblem('@{-1}')).toBe('must not contain "@{" (git reads @{…} as a reflog or previous-branch expression)');
    expect(branchNameProblem('feat/x.lock')).toBe('no "/"-separated part may end with ".lock" ("x.lock")');
    expect(branchNameProblem('a b')).toBe('must not contain a space');
    expect(findPrdProblems({ project: 'p', branchName: '@{-1}', userStories: [] })).toEqual([
      'field "branchName": "@{-1}" is not a valid git branch name: must not contain "@{" (git reads @{…} as a reflog or previous-branch expression)',
    ]);
  });
});
