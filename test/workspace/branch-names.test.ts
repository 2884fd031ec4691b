import { randomBytes } from 'node:crypto';
import { git } from '../../src/workspace/git.js';
import {
  assertDistinctStoryNames,
  assertIntegrationBranchAllowed,
  backupRefName,
  conflictRefName,
  prdSlug,
  sanitizeRefComponent,
  storyBranchName,
  storyDirName,
} from '../../src/workspace/branch-names.js';
import { InputError } from '../../src/util/errors.js';
import { makeRepo, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

const HOSTILE = [
  '; rm -rf ~',
  '$(touch pwned)',
  '`touch pwned`',
  'US 1 with spaces',
  'ünïcødé-störy',
  '故事-1',
  '🚀',
  '..',
  'a..b',
  '../../etc/passwd',
  'a'.repeat(300),
  'a.lock',
  'A.LOCK',
  '-x',
  '--force',
  '.hidden',
  'trailing.',
  'x@{1}',
  '@',
  'HEAD',
  'CON',
  'nul.txt',
  'tab\there',
  'ctrl\u0001\u007f',
  'new\nline',
  'back\\slash',
  'star*?[glob]',
  'caret^tilde~colon:',
  '',
  '   ',
  '/leading/slash/',
  'a/b',
  'US-1-0123456789',
];

/** `git check-ref-format --branch` must accept it (run outside a repo would still work, but we are in one). */
async function branchOk(cwd: string, name: string): Promise<boolean> {
  const result = await git(['check-ref-format', '--branch', name], { cwd, reject: false });
  return result.exitCode === 0 && result.stdout.trim() === name;
}

describe('sanitizeRefComponent', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await makeRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it('turns every hostile id into a safe component git accepts as a branch', async () => {
    for (const id of HOSTILE) {
      const name = sanitizeRefComponent(id);
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(name).not.toMatch(/^[.-]/);
      expect(name).not.toMatch(/(\.lock|\.)$/i);
      expect(name).not.toContain('..');
      expect(name.length).toBeLessThanOrEqual(75);
      expect(await branchOk(repo.dir, name)).toBe(true);
      expect(await branchOk(repo.dir, storyBranchName('proj-1a2b3c', id))).toBe(true);
    }
  });

  it('keeps distinct ids distinct, including lookalikes and long ids sharing a prefix', () => {
    const long = 'x'.repeat(300);
    const ids = [...HOSTILE, `${long}1`, `${long}2`, 'US 1', 'US-1', 'US_1', 'US--1', 'us 1', 'a lock', 'a-lock', 'a.lock'];
    const names = ids.map(sanitizeRefComponent);
    expect(new Set(names).size).toBe(new Set(ids).size);
  });

  it('leaves already-safe ids unchanged and is deterministic', () => {
    for (const id of ['US-1', 'story_2', 'v1.2', 'ABC-123']) expect(sanitizeRefComponent(id)).toBe(id);
    expect(sanitizeRefComponent('$(x)')).toBe(sanitizeRefComponent('$(x)'));
    expect(storyDirName('US 1')).toBe(sanitizeRefComponent('US 1'));
  });

  it('hashes an id that already looks like "<safe>-<hash>" so it cannot collide with a hashed one', () => {
    const hashed = sanitizeRefComponent('US 1');
    expect(hashed).toMatch(/-[0-9a-f]{10}$/);
    expect(sanitizeRefComponent(hashed)).not.toBe(hashed);
  });

  it('accepts random garbage', async () => {
    for (let i = 0; i < 40; i += 1) {
      const id = randomBytes(1 + (i % 20)).toString('latin1');
      expect(await branchOk(repo.dir, sanitizeRefComponent(id))).toBe(true);
    }
  });
});

describe('ref names', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await makeRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it('builds slugs, story, conflict and backup names git accepts', async () => {
    const slug = prdSlug('My App!', 'ralph/Feature X');
    expect(slug).toMatch(/^my-app-ralph-feature-x-[0-9a-f]{6}$/);
    expect(slug).not.toContain('--');
    expect(prdSlug('My App!', 'ralph/feature-x')).not.toBe(slug);
    expect(prdSlug('', '')).toMatch(/^prd-[0-9a-f]{6}$/);
    expect(storyBranchName(slug, 'US-1')).toBe(`ralph-wt/${slug}/US-1`);
    expect(conflictRefName(slug, 'US-1', 2)).toBe(`ralph-wt/${slug}--conflicts/US-1-2`);
    expect(() => conflictRefName(slug, 'US-1', -1)).toThrow(RangeError);
    const backup = backupRefName(slug, 'merge US-1');
    expect(backup.startsWith(`refs/ralph-wt/backup/${slug}/`)).toBe(true);
    for (const ref of [`refs/heads/${conflictRefName(slug, 'conflicts', 1)}`, backup]) {
      expect((await git(['check-ref-format', ref], { cwd: repo.dir, reject: false })).exitCode).toBe(0);
    }
  });

  it('lets a story named "conflicts" and conflict refs coexist, beside an integration branch ralph/feat', async () => {
    const slug = prdSlug('app', 'ralph/feat');
    const names = ['ralph/feat', storyBranchName(slug, 'conflicts'), storyBranchName(slug, 'US-1'), conflictRefName(slug, 'US-1', 1), conflictRefName(slug, 'conflicts', 1)];
    for (const name of names) await git(['branch', name, 'main'], { cwd: repo.dir });
    const { stdout } = await git(['branch', '--format=%(refname:short)'], { cwd: repo.dir });
    for (const name of names) expect(stdout.split('\n')).toContain(name);
  });

  it('refuses an integration branch inside the ralph-wt/ namespace', async () => {
    expect(() => assertIntegrationBranchAllowed('ralph-wt/feat')).toThrow(InputError);
    expect(() => assertIntegrationBranchAllowed('ralph-wt')).toThrow(/namespace/);
    expect(() => assertIntegrationBranchAllowed('Ralph-WT/x')).toThrow(InputError);
    expect(() => assertIntegrationBranchAllowed('ralph/feat')).not.toThrow();
    expect(() => assertIntegrationBranchAllowed('ralph-wtx')).not.toThrow();
    // Why it matters: git cannot hold both.
    const fresh = await makeRepo();
    try {
      await git(['branch', 'ralph-wt', 'main'], { cwd: fresh.dir });
      const clash = await git(['branch', storyBranchName('s', 'US-1'), 'main'], { cwd: fresh.dir, reject: false });
      expect(clash.exitCode).not.toBe(0);
    } finally {
      await fresh.cleanup();
    }
  });

  it('refuses story ids that differ only by case', () => {
    expect(() => assertDistinctStoryNames(['US-1', 'us-1'])).toThrow(InputError);
    expect(() => assertDistinctStoryNames(['US-1', 'US-2', 'US 1', 'US_1'])).not.toThrow();
  });
});
