import type { TimedEvent } from '../events/bus.js';
import { storyTimes } from '../events/phase-times.js';
import type { Summary } from '../events/types.js';
import { addUsage } from '../events/usage.js';

/**
 * Derives the final summary from the run's event history, so the numbers the
 * user sees are exactly what the events (and `--json`) recorded.
 * `wallMs`: now, in ms since the process started (the timeline's clock).
 */
export function buildSummary(
  timeline: readonly TimedEvent[],
  input: { mode: Summary['mode']; wallMs: number; totalStories: number; alreadyPassed: number },
): Summary {
  const events = timeline.map((t) => t.event);
  const passed = new Set<string>();
  const failed = new Map<string, string>();
  const conflicted = new Set<string>();
  const skipped = new Set<string>();
  const summary: Summary = {
    mode: input.mode,
    wallMs: Math.round(input.wallMs),
    sequentialEstimateMs: 0,
    timeSavedMs: 0,
    speedup: 1,
    timing: { startupMs: 0, agentMs: 0, overheadMs: 0 },
    stories: { total: input.totalStories, passed: 0, failed: 0, conflicted: 0, skipped: 0, pending: 0 },
    merges: 0,
    conflicts: { detected: 0, autoResolved: 0, byMethod: { entity: 0, line: 0, agent: 0 }, fallbacks: 0 },
    reconciliation: { runs: 0, issuesFound: 0, autoFixed: 0, flagged: 0, flaggedItems: [] },
    concurrencyHistory: [],
    usage: null,
    scopeDrift: [],
    failures: [],
  };
  for (const event of events) {
    switch (event.type) {
      case 'story:usage':
        summary.usage = addUsage(summary.usage, event.usage);
        break;
      case 'story:done':
        passed.add(event.storyId);
        failed.delete(event.storyId);
        conflicted.delete(event.storyId);
        break;
      case 'story:failed':
        failed.set(event.storyId, event.reason);
        break;
      case 'scope-drift':
        summary.scopeDrift.push({ storyId: event.storyId, files: event.files });
        break;
      case 'story:skipped':
        skipped.add(event.storyId);
        break;
      case 'story:conflicted':
        conflicted.add(event.storyId);
        break;
      case 'merge:done':
        summary.merges += 1;
        if (event.method === 'entity' || event.method === 'line' || event.method === 'agent') {
          summary.conflicts.autoResolved += 1;
          summary.conflicts.byMethod[event.method] += 1;
        }
        break;
      case 'merge:conflict':
        if (event.resolution === 'fallback') summary.conflicts.fallbacks += 1;
        break;
      case 'concurrency':
        summary.concurrencyHistory.push({ at: event.elapsedMs ?? 0, from: event.from, to: event.to, reason: event.reason });
        break;
      case 'reconcile:issue':
        if (event.flagged) {
          summary.reconciliation.flaggedItems.push({ kind: event.kind, file: event.file, line: event.line, message: event.message, stories: event.stories });
        }
        break;
      case 'reconcile:done':
        summary.reconciliation.runs += 1;
        summary.reconciliation.issuesFound += event.issuesFound;
        summary.reconciliation.autoFixed += event.autoFixed;
        summary.reconciliation.flagged += event.flagged;
        break;
      default:
        break;
    }
  }
  summary.conflicts.detected = summary.conflicts.autoResolved + events.filter((e) => e.type === 'merge:conflict').length;
  for (const id of passed) failed.delete(id);
  summary.stories.passed = passed.size + input.alreadyPassed;
  summary.stories.failed = failed.size;
  summary.stories.conflicted = [...conflicted].filter((id) => !passed.has(id)).length;
  summary.stories.skipped = [...skipped].filter((id) => !passed.has(id)).length;
  summary.stories.pending = Math.max(
    0,
    input.totalStories - summary.stories.passed - summary.stories.failed - summary.stories.conflicted - summary.stories.skipped,
  );
  summary.failures = [...failed].map(([storyId, reason]) => ({ storyId, reason }));
  summary.timing = measuredTiming(timeline);
  if (input.mode === 'parallel') {
    const { startupMs, agentMs, overheadMs } = summary.timing;
    summary.sequentialEstimateMs = startupMs + agentMs + overheadMs;
    summary.timeSavedMs = Math.max(0, summary.sequentialEstimateMs - summary.wallMs);
    summary.speedup = summary.wallMs > 0 ? Math.round((summary.sequentialEstimateMs / summary.wallMs) * 100) / 100 : 1;
  } else {
    summary.sequentialEstimateMs = summary.wallMs;
  }
  return summary;
}

/**
 * What a sequential run of the same stories would spend, measured in this run:
 * the start-up (process start to the first story queued) plus every story's agent
 * time and its setup/gates/commit time (see storyTimes for what is left out).
 */
function measuredTiming(timeline: readonly TimedEvent[]): Summary['timing'] {
  const start = timeline.find((t) => t.event.type === 'run:start');
  let agentMs = 0;
  let overheadMs = 0;
  for (const times of storyTimes(timeline).values()) {
    agentMs += times.agentMs;
    overheadMs += times.overheadMs;
  }
  return { startupMs: Math.round(start?.at ?? 0), agentMs: Math.round(agentMs), overheadMs: Math.round(overheadMs) };
}
