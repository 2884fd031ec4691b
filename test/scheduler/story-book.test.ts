import { EventBus } from '../../src/events/bus.js';
import type { RunEvent } from '../../src/events/types.js';
import { newStoryRecord, type StoryRecord } from '../../src/journal/types.js';
import { StoryBook, type SnapshotStore } from '../../src/scheduler/story-book.js';
import { StoryTransitionError } from '../../src/scheduler/story-machine.js';

/** A store that remembers what it was given, in order. */
class MemoryStore implements SnapshotStore {
  readonly puts: { id: string; record: StoryRecord }[] = [];
  failNext = false;
  put(id: string, record: StoryRecord): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('disk full'));
    }
    this.puts.push({ id, record });
    return Promise.resolve();
  }
}

const start = (id: string) => ({ type: 'start', at: 1, title: id, branch: `b/${id}`, worktree: `/wt/${id}`, logFile: `/l/${id}` }) as const;

function setup(recorded: Record<string, StoryRecord> = {}): { book: StoryBook; store: MemoryStore; events: RunEvent[]; storedWhenAnnounced: number[] } {
  const bus = new EventBus();
  const store = new MemoryStore();
  const events: RunEvent[] = [];
  const storedWhenAnnounced: number[] = [];
  bus.on((event) => {
    events.push(event);
    storedWhenAnnounced.push(store.puts.length);
  });
  const book = new StoryBook({ storyIds: ['US-0', 'US-1', 'US-2', 'US-3'], bus, store, recorded: (id) => recorded[id], passedBefore: new Set(['US-0']) });
  return { book, store, events, storedWhenAnnounced };
}

describe('StoryBook', () => {
  it('journals each snapshot before it announces the transition', async () => {
    const { book, store, events, storedWhenAnnounced } = setup();
    await book.apply('US-1', start('US-1'));
    await book.apply('US-1', { type: 'commit', tip: 't', worktree: null });
    await book.apply('US-1', { type: 'merged', at: 2, commit: 'm', method: 'fast', durationMs: 1 });
    expect(store.puts.map((p) => p.record.state)).toEqual(['running', 'merging', 'done']);
    expect(events.map((e) => e.type)).toEqual(['story:started', 'story:phase', 'merge:done', 'story:done']);
    expect(storedWhenAnnounced).toEqual([1, 2, 3, 3]);
  });

  it('answers the scheduler from the states: satisfied, lost, started in this run', async () => {
    const { book } = setup();
    expect([...book.satisfiedIds()]).toEqual(['US-0']);
    // The status changes at once, before the journal write completes.
    const started = book.apply('US-1', start('US-1'));
    expect(book.status('US-1')).toBe('running');
    expect([...book.drivenIds()]).toEqual(['US-1']);
    await started;
    await book.apply('US-1', { type: 'fail', at: 2, reason: 'gates', durationMs: 1 });
    await book.apply('US-2', start('US-2'));
    await book.apply('US-2', { type: 'complete', at: 2, commit: 'c', durationMs: 1 });
    expect([...book.lostIds()]).toEqual(['US-1']);
    expect([...book.satisfiedIds()]).toEqual(['US-0', 'US-2']);
    expect(book.inStatus('queued')).toEqual(['US-0', 'US-3']);
    expect(book.withWorktree()).toEqual(['US-1', 'US-2']);
  });

  it('an earlier run\'s records are history: done or failed there is neither satisfied nor lost here', () => {
    const { book } = setup({ 'US-1': { ...newStoryRecord(), state: 'done', worktree: '/wt/US-1' }, 'US-2': { ...newStoryRecord(), state: 'failed' } });
    expect(book.satisfied('US-1')).toBe(false);
    expect(book.lost('US-2')).toBe(false);
    expect(book.driven('US-2')).toBe(false);
    expect(book.inStatus('merging', 'done')).toEqual(['US-1']);
    expect(book.withWorktree()).toEqual(['US-1']);
    expect(book.can('US-2', 'start')).toBe(true);
  });

  it('rejects an illegal event without storing or announcing anything', async () => {
    const { book, store, events } = setup();
    await expect(book.apply('US-1', { type: 'merged', at: 1, commit: 'm', method: 'fast', durationMs: 1 })).rejects.toBeInstanceOf(StoryTransitionError);
    expect(book.can('US-1', 'merged')).toBe(false);
    expect(book.status('US-1')).toBe('queued');
    expect(store.puts).toEqual([]);
    expect(events).toEqual([]);
    await expect(book.apply('US-9', start('US-9'))).rejects.toThrow(/no story "US-9"/);
  });

  it('a failed journal write still announces the new state (the run acts on it) and rejects', async () => {
    const { book, store, events } = setup();
    store.failNext = true;
    await expect(book.apply('US-1', start('US-1'))).rejects.toThrow(/disk full/);
    expect(book.status('US-1')).toBe('running');
    expect(events.map((e) => e.type)).toEqual(['story:started']);
  });
});
