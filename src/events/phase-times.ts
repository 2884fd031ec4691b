import type { TimedEvent } from './bus.js';
import type { RunEvent, StoryPhase } from './types.js';

/** Time one story spent in the phases a sequential run would also spend, in ms. */
export interface StoryTimes {
  agentMs: number;
  /** Worktree setup command, quality gates and the commit. */
  overheadMs: number;
}

const BUCKET: Partial<Record<StoryPhase, keyof StoryTimes>> = { agent: 'agentMs', setup: 'overheadMs', gates: 'overheadMs', commit: 'overheadMs' };

// Emitted while a phase goes on (during the agent run, or between the gates and the commit): they do not end it.
const WITHIN_PHASE = new Set<RunEvent['type']>(['story:activity', 'story:usage', 'rate-limit', 'scope-drift']);

/**
 * Per story, how long its agent runs and its setup/gates/commit took, from the
 * phase events' timestamps: a phase lasts until the story's next event. Waiting
 * (for a slot, for the merge lane) and the merge itself are in no bucket — a
 * sequential run does neither. A story sent back to re-run alone on a new head
 * counts from that re-run only: a sequential run would have run it once.
 */
export function storyTimes(timeline: readonly TimedEvent[]): Map<string, StoryTimes> {
  const totals = new Map<string, StoryTimes>();
  const open = new Map<string, { bucket: keyof StoryTimes; since: number }>();
  const close = (storyId: string, at: number): void => {
    const segment = open.get(storyId);
    if (!segment) return;
    open.delete(storyId);
    const times = totals.get(storyId) ?? { agentMs: 0, overheadMs: 0 };
    times[segment.bucket] += Math.max(0, at - segment.since);
    totals.set(storyId, times);
  };
  for (const { event, at } of timeline) {
    if (!('storyId' in event) || WITHIN_PHASE.has(event.type)) continue;
    close(event.storyId, at);
    if (startsRerun(event)) totals.delete(event.storyId);
    const bucket = event.type === 'story:phase' ? BUCKET[event.phase] : undefined;
    if (bucket) open.set(event.storyId, { bucket, since: at });
  }
  const end = timeline.at(-1)?.at ?? 0;
  for (const storyId of [...open.keys()]) close(storyId, end);
  return totals;
}

function startsRerun(event: RunEvent): boolean {
  return (event.type === 'merge:conflict' && event.resolution === 'fallback') || (event.type === 'story:phase' && event.phase === 'queued');
}
