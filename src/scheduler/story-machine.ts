import type { ConflictReason, RunEvent } from '../events/types.js';
import { newStoryRecord, STORY_STATES, type StoryRecord, type StoryState } from '../journal/types.js';

/**
 * One story's life in a run, as a pure function: `transition(state, event)`
 * returns the next state and the bus events the change announces, or throws
 * StoryTransitionError. The runners (parallel and sequential) only send
 * events; the journal stores `state.record` and the bus gets `effects`, so a
 * story's status has one owner. The table is TRANSITIONS; docs/story-machine.md
 * describes it in words.
 */

export type StoryStatus = StoryState;

/**
 * `record`: what the journal stores. `thisRun`: whether this run has driven
 * the story yet; a record as an earlier run left it (failed, conflicted,
 * interrupted, even running after a kill -9) is history, not a verdict of
 * this run, so the story may start again.
 */
export interface StoryMachineState {
  readonly record: StoryRecord;
  readonly thisRun: boolean;
}

export type StoryEvent =
  /** The story gets an attempt: its worktree (or the main checkout) and branch. */
  | { type: 'start'; at: number; title: string; branch: string; worktree: string | null; logFile: string }
  /** The agent changed files outside the story's targetFiles (recorded, not fatal). */
  | { type: 'drift'; files: string[] }
  /** The agent said done and the gates passed: its work is about to be committed. */
  | { type: 'finish'; summary: string }
  /** Agent done, gates passed, committed: the branch waits for the merge lane. `worktree`: kept only by a resumed merge. */
  | { type: 'commit'; tip: string; worktree: string | null }
  | { type: 'merged'; at: number; commit: string; method: 'fast' | 'entity' | 'agent'; durationMs: number }
  /** Done in place (the sequential loop commits on the integration branch itself). */
  | { type: 'complete'; at: number; commit: string | null; durationMs: number }
  /** The merge conflicted; the story waits to re-run alone on the new head (the sequential fallback). */
  | { type: 'requeue'; reason: string; files: string[]; conflicts: ConflictReason[] }
  /** The merge conflicted for good. `reason` is recorded, `headline` (one line) is announced. */
  | { type: 'conflict'; at: number; reason: string; headline: string; conflictRef: string; files: string[]; conflicts: ConflictReason[] }
  | { type: 'fail'; at: number; reason: string; durationMs: number }
  /** The run was stopped while the agent worked: the next run starts the story again. */
  | { type: 'interrupt'; at: number }
  /** Never started: a dependency did not pass. */
  | { type: 'skip'; reason: string }
  /** A resume found it merged (prd.json says passes) though the earlier run did not get to record it. */
  | { type: 'settle-merged'; at: number };

export type StoryEventType = StoryEvent['type'];
type EventOf<T extends StoryEventType> = Extract<StoryEvent, { type: T }>;

export interface Transition {
  state: StoryMachineState;
  /** Announced on the bus once `state` is journaled. */
  effects: RunEvent[];
}

/** Which records a rule accepts: any, one an earlier run left (not yet driven by this run), or one this run drives. */
export type Era = 'any' | 'earlier' | 'this-run';

export interface Rule {
  from: readonly StoryStatus[];
  era: Era;
  /** 'same': the status does not change (the record does). */
  to: StoryStatus | 'same';
}

const EVERY: readonly StoryStatus[] = STORY_STATES;

/**
 * Every legal transition. A key per event type (a new event does not compile
 * without its rules); an event whose rules do not match the story's status
 * and era is rejected.
 */
export const TRANSITIONS: { readonly [E in StoryEventType]: readonly Rule[] } = {
  start: [
    { from: EVERY, era: 'earlier', to: 'running' },
    { from: ['queued'], era: 'this-run', to: 'running' },
  ],
  drift: [{ from: ['running'], era: 'this-run', to: 'same' }],
  finish: [{ from: ['running'], era: 'this-run', to: 'same' }],
  commit: [
    { from: ['running'], era: 'this-run', to: 'merging' },
    // A resume merges what an interrupted run committed (recorded as merging, or killed before recording it).
    { from: ['running', 'merging'], era: 'earlier', to: 'merging' },
  ],
  merged: [{ from: ['merging'], era: 'this-run', to: 'done' }],
  complete: [{ from: ['running'], era: 'this-run', to: 'done' }],
  requeue: [{ from: ['merging'], era: 'this-run', to: 'queued' }],
  conflict: [{ from: ['merging'], era: 'this-run', to: 'conflicted' }],
  fail: [{ from: ['running', 'merging'], era: 'any', to: 'failed' }],
  // Also a `running` record a killed earlier run left, when this run is stopped before it restarts the story.
  interrupt: [{ from: ['running'], era: 'any', to: 'interrupted' }],
  skip: [{ from: EVERY, era: 'earlier', to: 'skipped' }],
  'settle-merged': [{ from: ['running', 'merging'], era: 'earlier', to: 'done' }],
};

/** What each status means; a new status does not compile without its line here. */
export const STATUS_MEANING: { readonly [S in StoryStatus]: string } = {
  queued: 'waiting for its dependencies and a slot (or, after a conflict, for its sequential re-run)',
  running: 'an agent is working on it (worktree, setup, agent, gates, commit)',
  interrupted: 'the run was stopped while its agent worked; the next run starts it again',
  merging: 'committed; its branch waits for or is in the merge lane',
  done: 'merged into the integration branch (or committed on it, sequentially)',
  failed: 'did not finish (agent, gates, setup or the merge failed)',
  conflicted: 'its merge conflicted and it will not be re-run; its work is kept on a conflicts branch',
  skipped: 'never started: a dependency did not pass',
};

export class StoryTransitionError extends Error {
  constructor(
    readonly storyId: string,
    readonly from: StoryStatus,
    readonly thisRun: boolean,
    readonly event: StoryEventType,
  ) {
    super(`story ${storyId}: "${event}" is not allowed when it is ${from} (${thisRun ? 'this run' : 'as an earlier run left it'})`);
    this.name = 'StoryTransitionError';
  }
}

function matches(rule: Rule, state: StoryMachineState): boolean {
  const eraOk = rule.era === 'any' || (rule.era === 'this-run') === state.thisRun;
  return eraOk && rule.from.includes(state.record.state);
}

/** The rule that allows event in state, or null. */
export function ruleFor(state: StoryMachineState, event: StoryEventType): Rule | null {
  return TRANSITIONS[event].find((rule) => matches(rule, state)) ?? null;
}

/** A story no run has touched. */
export function initialState(): StoryMachineState {
  return { record: newStoryRecord(), thisRun: false };
}

/** A journaled record, as the next run sees it. */
export function fromSnapshot(record: StoryRecord): StoryMachineState {
  return { record: structuredClone(record), thisRun: false };
}

/** What the journal stores for the story. */
export function toSnapshot(state: StoryMachineState): StoryRecord {
  return structuredClone(state.record);
}

/** The next state of storyId after event, and what to announce; throws StoryTransitionError if the table does not allow it. */
export function transition(storyId: string, state: StoryMachineState, event: StoryEvent): Transition {
  const rule = ruleFor(state, event.type);
  if (rule === null) throw new StoryTransitionError(storyId, state.record.state, state.thisRun, event.type);
  // Settling only records what an earlier run did: this run still has not driven the story.
  const thisRun = event.type === 'settle-merged' ? state.thisRun : true;
  const { record, effects } = apply(storyId, state.record, event);
  // The status is the table's; apply only fills in the facts.
  return { state: { record: { ...record, state: rule.to === 'same' ? state.record.state : rule.to }, thisRun }, effects };
}

/** The record's facts after event (its status is set from the table) and the bus events it announces. */
function apply(storyId: string, r: StoryRecord, event: StoryEvent): { record: StoryRecord; effects: RunEvent[] } {
  switch (event.type) {
    case 'start':
      return onStart(storyId, r, event);
    case 'drift':
      return { record: { ...r, scopeDrift: [...event.files] }, effects: [] };
    case 'finish':
      return { record: { ...r, finished: { summary: event.summary } }, effects: [] };
    case 'commit':
      return { record: { ...withoutFinished(r), commit: event.tip, worktree: event.worktree }, effects: [{ type: 'story:phase', storyId, phase: 'merging' }] };
    case 'merged':
      return onMerged(storyId, r, event);
    case 'complete':
      return {
        record: { ...r, mergedCommit: event.commit, finishedAt: event.at, reason: null },
        effects: [{ type: 'story:done', storyId, durationMs: event.durationMs, commit: event.commit }],
      };
    case 'requeue':
      return {
        record: { ...r, worktree: null, reason: event.reason, conflicts: [...event.conflicts] },
        effects: [{ type: 'merge:conflict', storyId, files: event.files, conflicts: event.conflicts, resolution: 'fallback' }],
      };
    case 'conflict':
      return onConflict(storyId, r, event);
    case 'fail':
      return {
        record: { ...r, reason: event.reason, finishedAt: event.at },
        effects: [{ type: 'story:failed', storyId, reason: event.reason, durationMs: event.durationMs }],
      };
    case 'interrupt':
      return { record: { ...r, reason: 'the run was interrupted', finishedAt: event.at }, effects: [] };
    case 'skip':
      return { record: { ...r, reason: event.reason }, effects: [{ type: 'story:skipped', storyId, reason: event.reason }] };
    case 'settle-merged':
      return { record: { ...r, worktree: null, reason: null, finishedAt: event.at }, effects: [] };
    default:
      return unreachable(event);
  }
}

/** The record once its finished work is committed, or once a new attempt starts (the runner read it before). */
function withoutFinished(r: StoryRecord): StoryRecord {
  const { finished: _committed, ...rest } = r;
  return rest;
}

function onStart(storyId: string, r: StoryRecord, event: EventOf<'start'>): { record: StoryRecord; effects: RunEvent[] } {
  const attempt = r.attempts + 1;
  return {
    record: { ...withoutFinished(r), branch: event.branch, worktree: event.worktree, logFile: event.logFile, startedAt: event.at, attempts: attempt },
    effects: [{ type: 'story:started', storyId, title: event.title, attempt, branch: event.branch, worktree: event.worktree }],
  };
}

function onMerged(storyId: string, r: StoryRecord, event: EventOf<'merged'>): { record: StoryRecord; effects: RunEvent[] } {
  return {
    // The worktree goes back to the run's pool: the record no longer names it.
    record: { ...r, mergedCommit: event.commit, finishedAt: event.at, reason: null, worktree: null },
    effects: [
      { type: 'merge:done', storyId, commit: event.commit, method: event.method },
      { type: 'story:done', storyId, durationMs: event.durationMs, commit: event.commit },
    ],
  };
}

function onConflict(storyId: string, r: StoryRecord, event: EventOf<'conflict'>): { record: StoryRecord; effects: RunEvent[] } {
  return {
    record: { ...r, worktree: null, reason: event.reason, conflicts: [...event.conflicts], finishedAt: event.at },
    effects: [
      { type: 'merge:conflict', storyId, files: event.files, conflicts: event.conflicts, resolution: 'conflicted' },
      { type: 'story:conflicted', storyId, reason: event.headline, conflictRef: event.conflictRef, conflicts: event.conflicts },
    ],
  };
}

/** A new event type without a case above stops compilation here. */
function unreachable(event: never): never {
  throw new Error(`unknown story event ${JSON.stringify(event)}`);
}
