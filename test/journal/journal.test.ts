import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal, JournalCorruptError } from '../../src/journal/journal.js';
import { newStoryRecord, type JournalData, type StoryRecord } from '../../src/journal/types.js';
import { initialState, transition, type StoryEvent } from '../../src/scheduler/story-machine.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir } from '../workspace/helpers.js';

describe('Journal', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await tempDir('ralph-wt-journal-');
    path = Journal.pathIn(join(dir, 'ralph-wt'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const init = { runId: 'run-1', prdPath: '/repo/prd.json', integrationBranch: 'ralph/feat', storyIds: ['US-1', 'US-2', 'US 3'] };

  /** A record with some fields set (the journal stores whole records). */
  const rec = (fields: Partial<StoryRecord>): StoryRecord => ({ ...newStoryRecord(), ...fields });

  async function onDisk(): Promise<JournalData> {
    return JSON.parse(await readFile(path, 'utf8')) as JournalData;
  }

  it('returns null when there is no journal', async () => {
    expect(await Journal.load(path)).toBeNull();
  });

  it('creates a journal on disk with every story queued, and loads it back', async () => {
    const journal = await Journal.create(path, { ...init, startedAt: 1000 });
    const data = await onDisk();
    expect(data).toMatchObject({ version: 1, runId: 'run-1', prdPath: '/repo/prd.json', integrationBranch: 'ralph/feat', startedAt: 1000 });
    expect(Object.keys(data.stories)).toEqual(['US-1', 'US-2', 'US 3']);
    expect(data.stories['US-1']).toEqual({
      state: 'queued',
      branch: null,
      worktree: null,
      attempts: 0,
      commit: null,
      mergedCommit: null,
      logFile: null,
      reason: null,
      startedAt: null,
      finishedAt: null,
    });
    const loaded = await Journal.load(path);
    expect(loaded?.snapshot()).toEqual(journal.snapshot());
    expect(loaded?.loadedFrom).toEqual({ source: 'primary', problem: null });
    expect(await readFile(path, 'utf8')).toMatch(/\n$/);
  });

  it('persists updates and hands out copies, not its own state', async () => {
    const journal = await Journal.create(path, init);
    // Records as the story machine makes them: started, drifted, committed, merged.
    const events: StoryEvent[] = [
      { type: 'start', at: 5, title: 'one', branch: 'ralph-wt/s/US-1', worktree: '/wt/US-1', logFile: '/logs/US-1.log' },
      { type: 'drift', files: ['x.ts'] },
      { type: 'commit', tip: 'abc', worktree: null },
      { type: 'merged', at: 9, commit: 'def', method: 'fast', durationMs: 4 },
    ];
    let state = initialState();
    for (const event of events) {
      state = transition('US-1', state, event).state;
      await journal.put('US-1', state.record);
    }
    const story = (await onDisk()).stories['US-1'];
    expect(story).toMatchObject({ state: 'done', attempts: 1, branch: 'ralph-wt/s/US-1', commit: 'abc', startedAt: 5, scopeDrift: ['x.ts'] });
    const snapshot = journal.snapshot();
    const record = snapshot.stories['US-1'];
    if (record) record.state = 'failed';
    expect(journal.story('US-1')?.state).toBe('done');
    expect(journal.story('nope')).toBeUndefined();
  });

  it('serialises concurrent updates: none lost, file always valid, no temp files left', async () => {
    const journal = await Journal.create(path, init);
    const updates: Promise<void>[] = [];
    for (let i = 1; i <= 40; i += 1) {
      updates.push(journal.put('US-1', rec({ attempts: i })));
      updates.push(journal.put('US-2', rec({ reason: `r${i}` })));
      updates.push(journal.put('US 3', rec({ state: i % 2 === 0 ? 'running' : 'merging', finishedAt: i })));
    }
    // Read while writes are in flight: every read parses.
    const reads = Array.from({ length: 10 }, async () => JSON.parse(await readFile(path, 'utf8')) as JournalData);
    await Promise.all([...updates, ...reads]);
    const data = await onDisk();
    expect(data.stories['US-1']?.attempts).toBe(40);
    expect(data.stories['US-2']?.reason).toBe('r40');
    expect(data.stories['US 3']).toMatchObject({ state: 'running', finishedAt: 40 });
    expect((await readdir(join(dir, 'ralph-wt'))).sort()).toEqual(['state.json', 'state.json.bak']);
  });

  it('rejects unknown stories and invalid patches without changing anything', async () => {
    const journal = await Journal.create(path, init);
    await expect(journal.put('US-9', rec({ state: 'done' }))).rejects.toThrow(/no story "US-9"/);
    await expect(journal.put('US-1', rec({ state: 'bogus' as never }))).rejects.toThrow(/state/);
    await expect(journal.put('US-1', rec({ attempts: -1 }))).rejects.toThrow(/attempts/);
    expect(journal.story('US-1')?.state).toBe('queued');
    const data = await onDisk();
    expect(data.stories['US-9']).toBeUndefined();
    expect(data.stories['US-1']?.state).toBe('queued');
  });

  it('falls back to the backup when state.json is damaged', async () => {
    const journal = await Journal.create(path, init);
    await journal.put('US-1', rec({ state: 'done' }));
    await journal.put('US-2', rec({ state: 'running' }));
    await writeFile(path, '{"version": 1, "runId": "trunc');
    const loaded = await Journal.load(path);
    expect(loaded?.loadedFrom.source).toBe('backup');
    expect(loaded?.loadedFrom.problem).toMatch(/invalid JSON/);
    // The backup is the state before the last write.
    expect(loaded?.story('US-1')?.state).toBe('done');
    expect(loaded?.story('US-2')?.state).toBe('queued');
    // The next write repairs state.json and does not copy the damage into the backup.
    await loaded?.put('US-2', rec({ state: 'running' }));
    expect((await onDisk()).stories['US-2']?.state).toBe('running');
    expect((await Journal.load(path))?.loadedFrom.source).toBe('primary');
    expect(JSON.parse(await readFile(`${path}.bak`, 'utf8'))).toHaveProperty('version', 1);
  });

  it('throws a clear InputError when both copies are unusable', async () => {
    await Journal.create(path, init);
    await writeFile(path, '[]');
    let error = await Journal.load(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/corrupt.*no backup/);
    await writeFile(`${path}.bak`, JSON.stringify({ version: 2 }));
    error = await Journal.load(path).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/unsupported version 2/);
  });

  it('a new run discards the previous run\'s backup', async () => {
    const old = await Journal.create(path, init);
    await old.put('US-1', rec({ state: 'done' }));
    await Journal.create(path, { ...init, runId: 'run-2' });
    await writeFile(path, 'garbage');
    await expect(Journal.load(path)).rejects.toBeInstanceOf(JournalCorruptError);
  });
});
