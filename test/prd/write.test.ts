import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPrd } from '../../src/prd/load.js';
import { markStoryPassed } from '../../src/prd/mark-passed.js';
import { writePrd } from '../../src/prd/write.js';
import { prdObject, story, useTempDir } from './temp-dir.js';

const tempDir = useTempDir('ralph-prd-write-');

describe('markStoryPassed + writePrd', () => {
  it('preserves unknown keys and key order at the top level and per story', async () => {
    const file = join(tempDir(), 'prd.json');
    const original = {
      $schema: './prd.schema.json',
      project: 'Demo',
      branchName: 'ralph/demo',
      description: 'Demo',
      userStories: [
        { id: 'US-001', title: 't', description: 'd', acceptanceCriteria: [], priority: 1, passes: false, estimate: 'S', notes: '' },
        { ...story('US-002'), labels: ['ui'], dependsOn: ['US-001'] },
      ],
      owner: { team: 'a' },
    };
    await writeFile(file, JSON.stringify(original));
    const loaded = await loadPrd(file);

    const updated = markStoryPassed(loaded.raw, 'US-001', 'Done in one pass');
    await writePrd(file, updated);

    const text = await readFile(file, 'utf8');
    const written = JSON.parse(text) as typeof original;
    expect(Object.keys(written)).toEqual(Object.keys(original));
    expect(written.owner).toEqual({ team: 'a' });
    expect(written.$schema).toBe('./prd.schema.json');
    expect(Object.keys(written.userStories[0] ?? {})).toEqual(Object.keys(original.userStories[0] ?? {}));
    expect(written.userStories[0]).toEqual({ ...original.userStories[0], passes: true, notes: 'Done in one pass' });
    expect(written.userStories[1]).toEqual(original.userStories[1]);
    expect(text).toBe(`${JSON.stringify(updated, null, 2)}\n`);
    expect(text.split('\n')[1]).toBe('  "$schema": "./prd.schema.json",');
    expect(await readdir(tempDir())).toEqual(['prd.json']);
  });

  it('is pure: the input object is unchanged', () => {
    const raw = prdObject([story('US-001'), story('US-002')]);
    const snapshot = structuredClone(raw);
    const updated = markStoryPassed(raw, 'US-002');
    expect(raw).toEqual(snapshot);
    const stories = updated['userStories'] as Array<Record<string, unknown>>;
    expect(stories.map((s) => s['passes'])).toEqual([false, true]);
    expect(stories[1]?.['notes']).toBe('');
    expect(stories[0]).toBe((raw['userStories'] as unknown[])[0]);
  });

  it('adds notes at the end of a story that had none', () => {
    const { notes: _unused, ...withoutNotes } = story('US-001');
    const updated = markStoryPassed(prdObject([withoutNotes]), 'US-001', 'learned x');
    const first = (updated['userStories'] as Array<Record<string, unknown>>)[0] ?? {};
    expect(Object.keys(first).at(-1)).toBe('notes');
    expect(first['notes']).toBe('learned x');
  });

  it('throws for an unknown story id', () => {
    expect(() => markStoryPassed(prdObject([story('US-001')]), 'US-404')).toThrow('story "US-404" is not in the prd');
  });
});
