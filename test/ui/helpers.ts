/** Shared fixtures for the UI tests: capture streams, a fake clock, scripted events. */
import { Writable } from 'node:stream';
import type { RunEvent, Summary } from '../../src/events/types.js';

/** A Writable that keeps everything written to it; `tty` makes it look like a terminal. */
export class CaptureStream extends Writable {
  text = '';
  isTTY: boolean;
  columns = 100;
  rows = 40;

  constructor(options: { tty?: boolean } = {}) {
    super();
    this.isTTY = options.tty ?? false;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t = 1_700_000_000_000) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function summaryFixture(overrides: Partial<Summary> = {}): Summary {
  return {
    mode: 'parallel',
    wallMs: 754_000,
    sequentialEstimateMs: 1_900_000,
    timeSavedMs: 1_146_000,
    speedup: 2.52,
    timing: { startupMs: 4_000, agentMs: 1_700_000, overheadMs: 196_000 },
    stories: { total: 6, passed: 3, failed: 1, conflicted: 1, skipped: 1, pending: 0 },
    merges: 3,
    conflicts: { detected: 4, autoResolved: 3, byMethod: { entity: 2, line: 1, agent: 0 }, fallbacks: 1 },
    reconciliation: {
      runs: 2,
      issuesFound: 5,
      autoFixed: 4,
      flagged: 1,
      flaggedItems: [{ kind: 'typecheck', file: 'src/app.ts', line: 40, message: "TS2304: Cannot find name 'Session'.", stories: ['US-001', 'US-003'] }],
    },
    concurrencyHistory: [{ at: 41_000, from: 3, to: 2, reason: '2 of last 4 merges conflicted (threshold 30%)' }],
    usage: { inputTokens: 1_234_567, outputTokens: 45_678, cacheReadTokens: 890_000, cacheWriteTokens: 12_000, costUsd: 4.217 },
    scopeDrift: [{ storyId: 'US-002', files: ['package.json', 'src/shared/config.ts'] }],
    failures: [{ storyId: 'US-004', reason: 'quality gate `npm test` exited 1' }],
    ...overrides,
  };
}

/** A step of a script: an event, or a number of milliseconds to advance the clock. */
export type Step = RunEvent | number;

export function play(steps: readonly Step[], clock: FakeClock, handle: (event: RunEvent) => void): void {
  for (const step of steps) {
    if (typeof step === 'number') clock.advance(step);
    else handle(step);
  }
}

const started = (storyId: string, title: string, attempt = 1): RunEvent => ({
  type: 'story:started',
  storyId,
  title,
  attempt,
  branch: `ralph/${storyId}`,
  worktree: `.git/ralph-wt/worktrees/${storyId}`,
});

/** Classic Ralph: one story at a time on the integration branch. */
export const sequentialScript: Step[] = [
  { type: 'run:start', runId: 'run-seq', mode: 'sequential', stories: 2, concurrency: 1 },
  { type: 'story:queued', storyId: 'US-001', title: 'Add login form' },
  { type: 'story:queued', storyId: 'US-002', title: 'Remember me checkbox' },
  started('US-001', 'Add login form'),
  { type: 'story:phase', storyId: 'US-001', phase: 'agent' },
  { type: 'story:iteration', storyId: 'US-001', iteration: 1, maxIterations: 5 },
  1_000,
  { type: 'story:activity', storyId: 'US-001', text: 'Reading src/login.ts' },
  500,
  { type: 'story:activity', storyId: 'US-001', text: 'Editing src/login.ts' },
  2_000,
  { type: 'story:activity', storyId: 'US-001', text: 'Running npm test\nmore output' },
  { type: 'story:phase', storyId: 'US-001', phase: 'gates', detail: 'npm test' },
  5_000,
  { type: 'story:usage', storyId: 'US-001', usage: { inputTokens: 12_345, outputTokens: 1_234, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.12 } },
  { type: 'story:phase', storyId: 'US-001', phase: 'commit' },
  { type: 'story:done', storyId: 'US-001', durationMs: 65_000, commit: '4f2a9c1e0b5d' },
  started('US-002', 'Remember me checkbox'),
  { type: 'story:phase', storyId: 'US-002', phase: 'agent' },
  3_000,
  { type: 'rate-limit', storyId: 'US-002', resetAt: 1_700_000_011_500 + 250_000, message: 'usage limit reached' },
  { type: 'story:failed', storyId: 'US-002', reason: 'agent gave up after 5 iterations', durationMs: 3_000 },
  { type: 'summary', summary: summaryFixture({ mode: 'sequential' }) },
];

/** Parallel worktrees with conflicts, a fallback, a concurrency drop and a reconciliation. */
export const parallelScript: Step[] = [
  { type: 'run:start', runId: 'run-par', mode: 'parallel', stories: 5, concurrency: 3 },
  { type: 'story:queued', storyId: 'US-001', title: 'Add login form' },
  { type: 'story:queued', storyId: 'US-002', title: 'Password reset email' },
  { type: 'story:queued', storyId: 'US-003', title: 'Session timeout banner' },
  { type: 'story:queued', storyId: 'US-004', title: 'Audit log export' },
  { type: 'story:queued', storyId: 'US-005', title: 'Admin dashboard' },
  started('US-001', 'Add login form'),
  started('US-002', 'Password reset email'),
  started('US-003', 'Session timeout banner'),
  12_000,
  { type: 'story:phase', storyId: 'US-001', phase: 'agent' },
  { type: 'story:phase', storyId: 'US-002', phase: 'agent' },
  { type: 'story:phase', storyId: 'US-003', phase: 'agent' },
  { type: 'story:activity', storyId: 'US-001', text: 'Editing src/login.ts' },
  { type: 'story:activity', storyId: 'US-002', text: 'Editing src/mail.ts' },
  20_000,
  { type: 'story:usage', storyId: 'US-001', usage: { inputTokens: 20_000, outputTokens: 3_000, cacheReadTokens: 50_000, cacheWriteTokens: 1_000, costUsd: 0.42 } },
  { type: 'story:phase', storyId: 'US-001', phase: 'merging' },
  { type: 'merge:start', storyId: 'US-001', branch: 'ralph/US-001' },
  { type: 'merge:done', storyId: 'US-001', commit: '4f2a9c1e0b5d', method: 'entity' },
  { type: 'story:done', storyId: 'US-001', durationMs: 32_000, commit: '4f2a9c1e0b5d' },
  { type: 'story:phase', storyId: 'US-001', phase: 'done' },
  started('US-004', 'Audit log export'),
  { type: 'merge:start', storyId: 'US-002', branch: 'ralph/US-002' },
  {
    type: 'merge:conflict',
    storyId: 'US-002',
    files: ['src/auth.ts', 'src/mail.ts'],
    conflicts: [
      { file: 'src/auth.ts', entity: 'function login', reason: 'both modified' },
      { file: 'src/mail.ts', entity: null, reason: 'modified on one side and deleted on the other' },
    ],
    resolution: 'fallback',
  },
  { type: 'merge:start', storyId: 'US-003', branch: 'ralph/US-003' },
  { type: 'merge:conflict', storyId: 'US-003', files: ['src/session.ts'], conflicts: [{ file: 'src/session.ts', entity: 'method SessionStore.refresh', reason: 'both modified' }], resolution: 'conflicted' },
  {
    type: 'story:conflicted',
    storyId: 'US-003',
    reason: 'src/session.ts: method SessionStore.refresh (both modified)',
    conflictRef: 'refs/ralph-wt/conflicts/US-003',
    conflicts: [{ file: 'src/session.ts', entity: 'method SessionStore.refresh', reason: 'both modified' }],
  },
  1_000,
  { type: 'concurrency', from: 3, to: 2, reason: '2 of last 4 merges conflicted (threshold 30%)' },
  { type: 'story:failed', storyId: 'US-004', reason: 'quality gate `npm test` exited 1', durationMs: 9_000 },
  { type: 'story:skipped', storyId: 'US-005', reason: 'depends on US-004, which failed' },
  { type: 'reconcile:start', stories: ['US-001'] },
  { type: 'reconcile:issue', kind: 'duplicate-import', file: 'src/app.ts', line: 3, message: 'duplicate import of ./auth', fixed: true, flagged: false, stories: ['US-001'] },
  { type: 'reconcile:issue', kind: 'typecheck', file: 'src/app.ts', line: 40, message: "TS2304: Cannot find name 'Session'.", fixed: false, flagged: true, stories: ['US-001'] },
  { type: 'reconcile:done', issuesFound: 2, autoFixed: 1, flagged: 1 },
  { type: 'warning', message: 'US-002 changed files outside its declared scope: package.json' },
  4_000,
  started('US-002', 'Password reset email', 2),
  { type: 'story:phase', storyId: 'US-002', phase: 'agent' },
  6_000,
  { type: 'story:usage', storyId: 'US-002', usage: { inputTokens: 14_000, outputTokens: 1_600, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: null } },
  { type: 'scope-drift', storyId: 'US-002', files: ['package.json'], rejected: false },
  { type: 'merge:start', storyId: 'US-002', branch: 'ralph/US-002' },
  { type: 'merge:done', storyId: 'US-002', commit: '9be01aa77c', method: 'line' },
  { type: 'story:done', storyId: 'US-002', durationMs: 43_000, commit: '9be01aa77c' },
  { type: 'summary', summary: summaryFixture() },
];
