import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Settings } from '../../src/config/types.js';
import type { RunEvent } from '../../src/events/types.js';
import type { RunContext } from '../../src/run/context.js';
import { reconcileContext } from '../../bench/reconcile-case.js';
import { fixtureGit } from './fixture-git.js';
import type { ReconcileBatchStory } from '../../src/reconcile/types.js';

export const FAKE_AGENT = resolve('fixtures/fake-agent/fake-agent.mjs');
export const FORMATTER = resolve('fixtures/reconcile/tools/fmt.mjs');

const created: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ralph-reconcile-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory tempDir made (call from afterAll). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

export interface Scenario {
  root: string;
  repo: string;
  worktree: string;
  head: string;
  batch: ReconcileBatchStory[];
}

/**
 * base → story branches (each a map of files to write) → merged one after another into main with real
 * `git merge` → a detached worktree at the merged head.
 */
export async function mergedScenario(base: Record<string, string>, stories: Record<string, Record<string, string>>): Promise<Scenario> {
  const root = await tempDir('repo');
  const repo = join(root, 'repo');
  await mkdir(repo);
  await fixtureGit(repo, ['init', '-q', '-b', 'main']);
  await writeFiles(repo, base);
  await fixtureGit(repo, ['add', '-A']);
  await fixtureGit(repo, ['commit', '-q', '-m', 'base']);
  const baseSha = await fixtureGit(repo, ['rev-parse', 'HEAD']);
  const batch: ReconcileBatchStory[] = [];
  for (const [id, files] of Object.entries(stories)) {
    await fixtureGit(repo, ['checkout', '-q', '-b', `story-${id}`, baseSha]);
    await writeFiles(repo, files);
    await fixtureGit(repo, ['add', '-A']);
    await fixtureGit(repo, ['commit', '-q', '-m', `story ${id}`]);
    batch.push({ storyId: id, title: `Story ${id}`, files: Object.keys(files) });
  }
  await fixtureGit(repo, ['checkout', '-q', 'main']);
  for (const id of Object.keys(stories)) await fixtureGit(repo, ['merge', '--no-ff', '--no-edit', '-q', `story-${id}`]);
  const head = await fixtureGit(repo, ['rev-parse', 'HEAD']);
  const worktree = join(root, 'wt');
  await fixtureGit(repo, ['worktree', 'add', '-q', '--detach', worktree, head]);
  return { root, repo, worktree, head, batch };
}

export function context(s: Scenario, settings: Partial<Settings> = {}): RunContext {
  return reconcileContext(s.repo, join(s.root, 'logs'), settings);
}

export function reconcileEvents(ctx: RunContext): RunEvent[] {
  return ctx.bus.history().filter((e) => e.type.startsWith('reconcile:'));
}
