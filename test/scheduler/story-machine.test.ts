import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { STORY_STATES, newStoryRecord, type StoryRecord, type StoryState } from '../../src/journal/types.js';
import {
  STATUS_MEANING,
  StoryTransitionError,
  TRANSITIONS,
  fromSnapshot,
  initialState,
  toSnapshot,
  transition,
  type StoryEvent,
  type StoryEventType,
  type StoryMachineState,
} from '../../src/scheduler/story-machine.js';
import { tempDir } from '../workspace/helpers.js';

const conflicts = [{ file: 'src/a.ts', entity: 'function add', reason: 'both modified' }];

/** One event of each type, with plausible facts. */
const EVENTS: { [E in StoryEventType]: Extract<StoryEvent, { type: E }> } = {
  start: { type: 'start', at: 100, title: 'Add a thing', branch: 'ralph-wt/p/US-1', worktree: '/wt/US-1', logFile: '/logs/US-1.log' },
  drift: { type: 'drift', files: ['README.md'] },
  finish: { type: 'finish', summary: 'Added the thing.' },
  commit: { type: 'commit', tip: 'c0ffee', worktree: null },
  merged: { type: 'merged', at: 200, commit: 'beef', method: 'entity', durationMs: 100 },
  complete: { type: 'complete', at: 200, commit: 'beef', durationMs: 100 },
  requeue: { type: 'requeue', reason: 'merge conflict (src/a.ts); re-running sequentially', files: ['src/a.ts'], conflicts },
  conflict: { type: 'conflict', at: 200, reason: 'merge conflict: src/a.ts', headline: 'src/a.ts: function add (both modified)', conflictRef: 'ralph-wt-conflicts/p/US-1/1', files: ['src/a.ts'], conflicts },
  fail: { type: 'fail', at: 200, reason: 'quality gate failed: npm test', durationMs: 100 },
  interrupt: { type: 'interrupt', at: 200 },
  skip: { type: 'skip', reason: 'depends on US-0, which did not pass' },
  'settle-merged': { type: 'settle-merged', at: 200 },
};

const EVENT_TYPES = Object.keys(EVENTS) as StoryEventType[];

function state(status: StoryState, thisRun: boolean): StoryMachineState {
  return { record: { ...newStoryRecord(), state: status }, thisRun };
}

/**
 * Every legal transition, written out by hand (not read from the table): `event: era status → status`.
 * "earlier": the record as an earlier run left it; "this-run": a status this run gave it.
 */
const LEGAL = new Set([
  ...STORY_STATES.map((s) => `start: earlier ${s} -> running`),
  'start: this-run queued -> running',
  'drift: this-run running -> running',
  'finish: this-run running -> running',
  'commit: this-run running -> merging',
  'commit: earlier running -> merging',
  'commit: earlier merging -> merging',
  'merged: this-run merging -> done',
  'complete: this-run running -> done',
  'requeue: this-run merging -> queued',
  'conflict: this-run merging -> conflicted',
  'fail: this-run running -> failed',
  'fail: earlier running -> failed',
  'fail: this-run merging -> failed',
  'fail: earlier merging -> failed',
  'interrupt: this-run running -> interrupted',
  'interrupt: earlier running -> interrupted',
  ...STORY_STATES.map((s) => `skip: earlier ${s} -> skipped`),
  'settle-merged: earlier running -> done',
  'settle-merged: earlier merging -> done',
]);

describe('story machine', () => {
  it('allows exactly the listed transitions, to the listed status, and rejects every other one', () => {
    const seen = new Set<string>();
    for (const type of EVENT_TYPES) {
      for (const status of STORY_STATES) {
        for (const thisRun of [false, true]) {
          const from = state(status, thisRun);
          const label = `${type}: ${thisRun ? 'this-run' : 'earlier'} ${status}`;
          let to: StoryState | null = null;
          try {
            to = transition('US-1', from, EVENTS[type]).state.record.state;
          } catch (error) {
            expect(error).toBeInstanceOf(StoryTransitionError);
            expect(error).toMatchObject({ storyId: 'US-1', from: status, thisRun, event: type });
          }
          if (to !== null) seen.add(`${label} -> ${to}`);
        }
      }
    }
    expect([...seen].sort()).toEqual([...LEGAL].sort());
  });

  it('has rules for every event and a meaning for every status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(STATUS_MEANING).sort()).toEqual([...STORY_STATES].sort());
  });

  it('is pure: the state it is given is left as it was, and a rejected event changes nothing', () => {
    const from = state('running', true);
    const before = structuredClone(from);
    transition('US-1', from, EVENTS.commit);
    expect(from).toEqual(before);
    expect(() => transition('US-1', from, EVENTS.merged)).toThrow(/"merged" is not allowed when it is running/);
    expect(from).toEqual(before);
  });

  it('a parallel story: started, drifted, committed, merged — with the records and bus events of each step', () => {
    let s = initialState();
    let t = transition('US-1', s, EVENTS.start);
    expect(t.state.thisRun).toBe(true);
    expect(t.state.record).toMatchObject({ state: 'running', attempts: 1, branch: 'ralph-wt/p/US-1', worktree: '/wt/US-1', logFile: '/logs/US-1.log', startedAt: 100 });
    expect(t.effects).toEqual([{ type: 'story:started', storyId: 'US-1', title: 'Add a thing', attempt: 1, branch: 'ralph-wt/p/US-1', worktree: '/wt/US-1' }]);
    s = t.state;
    t = transition('US-1', s, EVENTS.drift);
    expect(t.state.record.scopeDrift).toEqual(['README.md']);
    expect(t.effects).toEqual([]);
    t = transition('US-1', t.state, EVENTS.commit);
    expect(t.state.record).toMatchObject({ state: 'merging', commit: 'c0ffee', worktree: null });
    expect(t.effects).toEqual([{ type: 'story:phase', storyId: 'US-1', phase: 'merging' }]);
    t = transition('US-1', t.state, EVENTS.merged);
    expect(t.state.record).toMatchObject({ state: 'done', mergedCommit: 'beef', finishedAt: 200, reason: null, worktree: null, attempts: 1, scopeDrift: ['README.md'] });
    expect(t.effects).toEqual([
      { type: 'merge:done', storyId: 'US-1', commit: 'beef', method: 'entity' },
      { type: 'story:done', storyId: 'US-1', durationMs: 100, commit: 'beef' },
    ]);
  });

  it('a conflicted merge: re-queued for the fallback, started again (attempt 2), then conflicted for good', () => {
    let s = transition('US-1', transition('US-1', initialState(), EVENTS.start).state, EVENTS.commit).state;
    let t = transition('US-1', s, EVENTS.requeue);
    expect(t.state.record).toMatchObject({ state: 'queued', worktree: null, reason: EVENTS.requeue.reason, conflicts });
    expect(t.effects).toEqual([{ type: 'merge:conflict', storyId: 'US-1', files: ['src/a.ts'], conflicts, resolution: 'fallback' }]);
    s = transition('US-1', t.state, EVENTS.start).state;
    expect(s.record.attempts).toBe(2);
    t = transition('US-1', transition('US-1', s, EVENTS.commit).state, EVENTS.conflict);
    expect(t.state.record).toMatchObject({ state: 'conflicted', reason: 'merge conflict: src/a.ts', conflicts, finishedAt: 200, worktree: null });
    expect(t.effects).toEqual([
      { type: 'merge:conflict', storyId: 'US-1', files: ['src/a.ts'], conflicts, resolution: 'conflicted' },
      { type: 'story:conflicted', storyId: 'US-1', reason: 'src/a.ts: function add (both modified)', conflictRef: 'ralph-wt-conflicts/p/US-1/1', conflicts },
    ]);
    // Out for good in this run: not started again.
    expect(() => transition('US-1', t.state, EVENTS.start)).toThrow(StoryTransitionError);
  });

  it('failed, interrupted and skipped stories: their records and what is announced', () => {
    const running = transition('US-1', initialState(), EVENTS.start).state;
    const failed = transition('US-1', running, EVENTS.fail);
    expect(failed.state.record).toMatchObject({ state: 'failed', reason: 'quality gate failed: npm test', finishedAt: 200 });
    expect(failed.effects).toEqual([{ type: 'story:failed', storyId: 'US-1', reason: 'quality gate failed: npm test', durationMs: 100 }]);
    const interrupted = transition('US-1', running, EVENTS.interrupt);
    expect(interrupted.state.record).toMatchObject({ state: 'interrupted', reason: 'the run was interrupted', finishedAt: 200 });
    expect(interrupted.effects).toEqual([]);
    const skipped = transition('US-2', initialState(), EVENTS.skip);
    expect(skipped.state.record).toMatchObject({ state: 'skipped', reason: 'depends on US-0, which did not pass' });
    expect(skipped.effects).toEqual([{ type: 'story:skipped', storyId: 'US-2', reason: 'depends on US-0, which did not pass' }]);
  });

  it('the sequential loop: started on the integration branch, done in place', () => {
    const running = transition('US-1', initialState(), { ...EVENTS.start, branch: 'ralph/feature', worktree: null }).state;
    const done = transition('US-1', running, EVENTS.complete);
    expect(done.state.record).toMatchObject({ state: 'done', mergedCommit: 'beef', branch: 'ralph/feature', worktree: null });
    expect(done.effects).toEqual([{ type: 'story:done', storyId: 'US-1', durationMs: 100, commit: 'beef' }]);
  });

  it('a resume: an earlier run\'s records may start again, merge what was committed, or be settled as merged', () => {
    for (const status of STORY_STATES) expect(transition('US-1', state(status, false), EVENTS.start).state.record.state).toBe('running');
    const settled = transition('US-1', state('merging', false), EVENTS['settle-merged']);
    expect(settled.state).toMatchObject({ thisRun: false, record: { state: 'done', worktree: null, reason: null } });
    expect(settled.effects).toEqual([]);
    const resumed = transition('US-1', state('running', false), { type: 'commit', tip: 'c0ffee', worktree: '/wt/US-1' });
    expect(resumed.state).toMatchObject({ thisRun: true, record: { state: 'merging', commit: 'c0ffee', worktree: '/wt/US-1' } });
  });
});

describe('story machine snapshots and the journal format', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('ralph-wt-machine-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every state the machine reaches round-trips through state.json as the same record', async () => {
    const path = Journal.pathIn(join(dir, 'ralph-wt'));
    const paths: StoryEvent[][] = [
      [EVENTS.start, EVENTS.drift, EVENTS.commit, EVENTS.merged],
      [EVENTS.start, EVENTS.commit, EVENTS.requeue, EVENTS.start, EVENTS.commit, EVENTS.conflict],
      [EVENTS.start, EVENTS.fail],
      [EVENTS.start, EVENTS.interrupt],
      [EVENTS.skip],
      [EVENTS.start, EVENTS.complete],
    ];
    const ids = paths.map((_, i) => `US-${i + 1}`);
    const journal = await Journal.create(path, { runId: 'r', prdPath: '/p/prd.json', integrationBranch: 'ralph/x', storyIds: ids });
    const last = new Map<string, StoryRecord>();
    for (const [i, events] of paths.entries()) {
      const id = ids[i] as string;
      let s = initialState();
      for (const event of events) {
        s = transition(id, s, event).state;
        await journal.put(id, toSnapshot(s));
        const loaded = await Journal.load(path);
        expect(loaded?.story(id)).toEqual(toSnapshot(s));
      }
      last.set(id, toSnapshot(s));
    }
    const reloaded = await Journal.load(path);
    for (const id of ids) {
      const record = reloaded?.story(id);
      expect(record).toEqual(last.get(id));
      // The next run sees it as an earlier run's record: the same record, not yet driven by that run.
      expect(fromSnapshot(record as StoryRecord)).toEqual({ record: last.get(id), thisRun: false });
    }
  });

  it('reads a state.json written before the machine existed, and a resume drives its records on', async () => {
    const path = Journal.pathIn(dir);
    // Exactly what the journal wrote before: version 1, the same record fields.
    const old = {
      version: 1,
      runId: 'old-run',
      prdPath: '/p/prd.json',
      integrationBranch: 'ralph/x',
      startedAt: 1,
      updatedAt: 2,
      stories: {
        'US-1': { state: 'merging', branch: 'ralph-wt/x/US-1', worktree: '/wt/US-1', attempts: 1, commit: 'abc', mergedCommit: null, logFile: '/l/US-1.log', reason: null, startedAt: 1, finishedAt: null },
        'US-2': { state: 'running', branch: 'ralph-wt/x/US-2', worktree: '/wt/US-2', attempts: 2, commit: null, mergedCommit: null, logFile: '/l/US-2.log', reason: null, startedAt: 1, finishedAt: null, scopeDrift: ['a'] },
        'US-3': { state: 'conflicted', branch: null, worktree: null, attempts: 1, commit: 'def', mergedCommit: null, logFile: null, reason: 'conflict', startedAt: 1, finishedAt: 2, conflicts },
      },
    };
    await writeFile(path, `${JSON.stringify(old, null, 2)}\n`);
    const journal = await Journal.load(path);
    expect(journal?.snapshot()).toEqual(old);
    const merging = fromSnapshot(journal?.story('US-1') as StoryRecord);
    expect(transition('US-1', transition('US-1', merging, { type: 'commit', tip: 'abc', worktree: '/wt/US-1' }).state, EVENTS.merged).state.record.state).toBe('done');
    const running = fromSnapshot(journal?.story('US-2') as StoryRecord);
    expect(transition('US-2', running, EVENTS.start).state.record).toMatchObject({ state: 'running', attempts: 3, scopeDrift: ['a'] });
    const conflicted = fromSnapshot(journal?.story('US-3') as StoryRecord);
    await journal?.put('US-3', toSnapshot(transition('US-3', conflicted, EVENTS.start).state));
    const written = JSON.parse(await readFile(path, 'utf8')) as typeof old;
    expect(written.stories['US-3']).toMatchObject({ state: 'running', attempts: 2, conflicts });
    expect(written.stories['US-1']).toEqual(old.stories['US-1']);
  });

  it('records finished work until it is committed, and a new attempt starts without it', () => {
    const finished = transition('US-1', state('running', true), EVENTS.finish).state;
    expect(finished.record.finished).toEqual({ summary: 'Added the thing.' });
    expect(transition('US-1', finished, EVENTS.commit).state.record.finished).toBeUndefined();
    // What a run stopped before its commit leaves: the next run reads it, then starts the story afresh.
    const earlier = fromSnapshot(toSnapshot(finished));
    expect(earlier.record.finished).toEqual({ summary: 'Added the thing.' });
    expect(transition('US-1', earlier, EVENTS.start).state.record.finished).toBeUndefined();
  });
});
