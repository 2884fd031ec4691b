import type { EventBus } from '../events/bus.js';
import type { StoryRecord } from '../journal/types.js';
import { fromSnapshot, initialState, ruleFor, toSnapshot, transition, type StoryEvent, type StoryEventType, type StoryMachineState, type StoryStatus } from './story-machine.js';

/** Where snapshots go: the run journal in parallel mode; nowhere for the sequential loop, which keeps no journal. */
export interface SnapshotStore {
  put(storyId: string, record: StoryRecord): Promise<void>;
}

export interface StoryBookInit {
  storyIds: readonly string[];
  bus: EventBus;
  store: SnapshotStore | null;
  /** The journaled record of a story, as an earlier run left it (none: a new story). */
  recorded?: (storyId: string) => StoryRecord | undefined;
  /** Stories prd.json says pass at the start of the run: they satisfy their dependents without running. */
  passedBefore: ReadonlySet<string>;
}

/**
 * The one owner of every story's status in a run: the runners send events,
 * the book runs them through the story machine, journals the new snapshot
 * and then announces the transition's effects on the bus (journal first, so
 * nothing is announced that a crash could lose). Everything the scheduler
 * asks about stories (done, failed, started) is a query over these states.
 */
export class StoryBook {
  readonly #states = new Map<string, StoryMachineState>();
  readonly #bus: EventBus;
  readonly #store: SnapshotStore | null;
  readonly #passedBefore: ReadonlySet<string>;

  constructor(init: StoryBookInit) {
    this.#bus = init.bus;
    this.#store = init.store;
    this.#passedBefore = init.passedBefore;
    for (const id of init.storyIds) {
      const record = init.recorded?.(id);
      this.#states.set(id, record ? fromSnapshot(record) : initialState());
    }
  }

  /**
   * Applies event to the story. The state changes at once (so the scheduler's
   * next query sees it); resolves once the snapshot is stored and the effects
   * announced. Rejects with StoryTransitionError if the machine does not
   * allow it, changing nothing. If storing fails the run still acts on the
   * new state, so it is still announced, and the promise rejects.
   */
  async apply(storyId: string, event: StoryEvent): Promise<void> {
    const { state, effects } = transition(storyId, this.#state(storyId), event);
    this.#states.set(storyId, state);
    try {
      if (this.#store) await this.#store.put(storyId, toSnapshot(state));
    } finally {
      for (const effect of effects) this.#bus.emit(effect);
    }
  }

  /** Whether the machine allows event for the story now. */
  can(storyId: string, event: StoryEventType): boolean {
    return ruleFor(this.#state(storyId), event) !== null;
  }

  status(storyId: string): StoryStatus {
    return this.#state(storyId).record.state;
  }

  record(storyId: string): StoryRecord {
    return toSnapshot(this.#state(storyId));
  }

  /** Passing before the run, or merged (done) by it: its dependents may start. */
  satisfied(storyId: string): boolean {
    const state = this.#state(storyId);
    return this.#passedBefore.has(storyId) || (state.thisRun && state.record.state === 'done');
  }

  /** Out of this run for good: failed or conflicted in it. Its dependents can never start. */
  lost(storyId: string): boolean {
    const state = this.#state(storyId);
    return state.thisRun && (state.record.state === 'failed' || state.record.state === 'conflicted');
  }

  /** This run has started (or resumed) it: the scheduler does not hand it out again. */
  driven(storyId: string): boolean {
    return this.#state(storyId).thisRun;
  }

  satisfiedIds(): Set<string> {
    return this.#where((id) => this.satisfied(id));
  }

  lostIds(): Set<string> {
    return this.#where((id) => this.lost(id));
  }

  drivenIds(): Set<string> {
    return this.#where((id) => this.driven(id));
  }

  /** Stories whose status is one of statuses. */
  inStatus(...statuses: StoryStatus[]): string[] {
    return [...this.#states].filter(([, s]) => statuses.includes(s.record.state)).map(([id]) => id);
  }

  /** Stories whose record names a worktree. */
  withWorktree(): string[] {
    return [...this.#states].filter(([, s]) => s.record.worktree !== null).map(([id]) => id);
  }

  #where(test: (id: string) => boolean): Set<string> {
    return new Set([...this.#states.keys()].filter(test));
  }

  #state(storyId: string): StoryMachineState {
    const state = this.#states.get(storyId);
    if (!state) throw new Error(`no story "${storyId}" in this run`);
    return state;
  }
}
