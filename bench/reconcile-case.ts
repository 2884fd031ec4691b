/**
 * One reconciliation fixture case turned into a real repository: base commit, two story branches, both merged
 * with `git merge` (which must succeed cleanly: the point is what a clean line merge leaves behind), and a
 * detached worktree at the merged head, as the parallel runner hands it to `reconcile`.
 */
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createCustomAdapter } from '../src/agent/adapters/custom.js';
import type { Settings } from '../src/config/types.js';
import { defaultSettings } from '../src/config/defaults.js';
import { EventBus } from '../src/events/bus.js';
import type { RunContext } from '../src/run/context.js';
import { changedFilesBetween } from '../src/workspace/commit.js';
import { revParse } from '../src/workspace/git.js';
import { checkoutBranch } from '../src/workspace/checkout.js';
import { checkoutNewBranch, commitEverything, initRepository, mergeNoFastForward } from '../src/workspace/history.js';
import { addCheckedOutWorktree } from '../src/workspace/worktree-commands.js';
import { GitMutex } from '../src/workspace/git-mutex.js';
import { pathExists } from '../src/util/path-exists.js';
import type { ReconcileBatchStory } from '../src/reconcile/types.js';

export interface CaseSpec {
  name: string;
  dir: string;
  description: string;
  /** Run the fixture formatter as reconcile.format. */
  format: boolean;
  /** Tools the case needs (`tsc`, `cargo`); the case is skipped without them. */
  requires: string[];
  expect: {
    duplicateImports: number;
    formatted: number;
    typeErrors: { file: string; stories: string[] }[];
  };
  /** Story ids, one per side directory (A, B). */
  stories: string[];
}

export async function loadCases(casesDir: string): Promise<CaseSpec[]> {
  const names = (await readdir(casesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const cases: CaseSpec[] = [];
  for (const name of names) {
    const dir = join(casesDir, name);
    const raw = JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')) as {
      description?: string;
      format?: boolean;
      requires?: string[];
      expect?: { duplicateImports?: number; formatted?: number; typeErrors?: { file: string; stories: string[] }[] };
    };
    cases.push({
      name,
      dir,
      description: raw.description ?? name,
      format: raw.format === true,
      requires: raw.requires ?? [],
      expect: { duplicateImports: raw.expect?.duplicateImports ?? 0, formatted: raw.expect?.formatted ?? 0, typeErrors: raw.expect?.typeErrors ?? [] },
      stories: ['A', 'B'],
    });
  }
  return cases;
}

/** Fixed identity and no user config: the fixture repos must behave the same on every machine. */
export const FIXTURE_GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.invalid',
  GIT_COMMITTER_NAME: 'fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export interface CaseRepo {
  repo: string;
  worktree: string;
  head: string;
  batch: ReconcileBatchStory[];
}

export async function buildCaseRepo(spec: CaseSpec, workDir: string, tscPath: string | null): Promise<CaseRepo> {
  const repo = join(workDir, spec.name);
  await mkdir(repo, { recursive: true });
  const env = FIXTURE_GIT_ENV;
  await initRepository(repo, 'main', env);
  await cp(join(spec.dir, 'base'), repo, { recursive: true });
  const base = await commitEverything(repo, 'base', env);
  const batch: ReconcileBatchStory[] = [];
  for (const story of spec.stories) {
    const branch = `story-${story}`;
    await checkoutNewBranch(repo, branch, base, env);
    if (await pathExists(join(spec.dir, story))) await cp(join(spec.dir, story), repo, { recursive: true });
    await commitEverything(repo, `${story}: story ${story}`, env);
    const files = await changedFilesBetween(repo, base, branch);
    batch.push({ storyId: story, title: `story ${story}`, files });
  }
  await checkoutBranch(repo, 'main', env);
  for (const story of spec.stories) {
    const merged = await mergeNoFastForward(repo, `story-${story}`, env);
    if (!merged.clean) throw new Error(`case ${spec.name}: merging story ${story} is not clean: ${merged.output}`);
  }
  const head = await revParse(repo, 'HEAD');
  if (head === null) throw new Error(`case ${spec.name}: no HEAD after merging`);
  if (tscPath) {
    // Untracked (the case's .gitignore lists node_modules): the repo's own tsc, as a project would have it.
    await mkdir(join(repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(tscPath, join(repo, 'node_modules', '.bin', 'tsc'));
  }
  const worktree = `${repo}-wt`;
  await addCheckedOutWorktree(repo, worktree, head);
  return { repo, worktree, head, batch };
}

/** A RunContext for reconciling outside a full run (measurement, tests). */
export function reconcileContext(repoRoot: string, logDir: string, settings: Partial<Settings>, agentCommand = 'true', signal?: AbortSignal): RunContext {
  const values: Settings = { ...defaultSettings(), ...settings };
  return {
    runId: 'reconcile',
    repoRoot,
    ralphDir: join(repoRoot, '.git', 'ralph-wt'),
    logDir,
    prd: { path: join(repoRoot, 'prd.json'), prd: { project: 'fixture', branchName: 'main', description: '', userStories: [] }, raw: {} },
    prdRel: 'prd.json',
    progressRel: 'progress.txt',
    prdTracked: false,
    progressTracked: false,
    settings: values,
    userSimilarityThreshold: null,
    bus: new EventBus(),
    adapter: createCustomAdapter(values.agentCommand ?? agentCommand),
    gitMutex: new GitMutex(),
    signal: signal ?? new AbortController().signal,
  };
}
