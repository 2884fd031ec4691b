import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory per test, removed afterwards. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** A minimal valid Ralph story; fields can be overridden or added. */
export function story(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Story ${id}`,
    description: `As a user I want ${id}`,
    acceptanceCriteria: ['Typecheck passes'],
    priority: 1,
    passes: false,
    notes: '',
    ...extra,
  };
}

export function prdObject(stories: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project: 'Demo',
    branchName: 'ralph/demo',
    description: 'Demo feature',
    userStories: stories,
    ...extra,
  };
}
