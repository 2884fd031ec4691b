import { LineRenderer } from '../../src/ui/line-renderer.js';
import { formatSummary } from '../../src/ui/format.js';
import { CaptureStream, FakeClock, parallelScript, play, sequentialScript, summaryFixture, type Step } from './helpers.js';

async function render(script: readonly Step[], options: { verbose?: boolean; activityIntervalMs?: number } = {}): Promise<string> {
  const stream = new CaptureStream();
  const clock = new FakeClock();
  const renderer = new LineRenderer({ stream, now: clock.now, ...options });
  play(script, clock, (e) => renderer.handle(e));
  await renderer.close();
  return stream.text;
}

/** The log lines before the summary table. */
const logLines = (text: string): string[] => (text.split('\n\n')[0] ?? '').split('\n').filter((l) => l !== '');

describe('LineRenderer', () => {
  it('narrates a sequential run, one line per meaningful event', async () => {
    const text = await render(sequentialScript);
    expect(logLines(text)).toEqual([
      '[00:00] run run-seq started: sequential, 2 stories, concurrency 1',
      '[00:00] US-001 started: Add login form (attempt 1, branch ralph/US-001, worktree .git/ralph-wt/worktrees/US-001)',
      '[00:00] US-001 agent running',
      '[00:00] US-001 iteration 1/5',
      '[00:01] US-001 › Reading src/login.ts',
      // 'Editing src/login.ts' came 0.5 s later: throttled.
      '[00:03] US-001 › Running npm test',
      '[00:03] US-001 running quality gates (npm test)',
      '[00:08] US-001 usage: 12,345 in / 1,234 out tokens, $0.12',
      '[00:08] US-001 committing',
      '[00:08] US-001 done in 1m 05s 4f2a9c1',
      '[00:08] US-002 started: Remember me checkbox (attempt 1, branch ralph/US-002, worktree .git/ralph-wt/worktrees/US-002)',
      '[00:08] US-002 agent running',
      '[00:11] US-002 rate-limited, resets in 4m 10s: usage limit reached',
      '[00:11] US-002 FAILED after 3.0s: agent gave up after 5 iterations',
    ]);
  });

  it('narrates a parallel run with conflicts, fallback, concurrency change and reconciliation', async () => {
    const text = await render(parallelScript);
    expect(logLines(text)).toEqual([
      '[00:00] run run-par started: parallel, 5 stories, concurrency 3',
      '[00:00] US-001 started: Add login form (attempt 1, branch ralph/US-001, worktree .git/ralph-wt/worktrees/US-001)',
      '[00:00] US-002 started: Password reset email (attempt 1, branch ralph/US-002, worktree .git/ralph-wt/worktrees/US-002)',
      '[00:00] US-003 started: Session timeout banner (attempt 1, branch ralph/US-003, worktree .git/ralph-wt/worktrees/US-003)',
      '[00:12] US-001 agent running',
      '[00:12] US-002 agent running',
      '[00:12] US-003 agent running',
      '[00:12] US-001 › Editing src/login.ts',
      '[00:12] US-002 › Editing src/mail.ts',
      '[00:32] US-001 usage: 20,000 in / 3,000 out tokens, 50,000 cache read / 1,000 cache write, $0.42',
      '[00:32] US-001 merging',
      '[00:32] US-001 merging ralph/US-001',
      '[00:32] US-001 merged (entity merge) 4f2a9c1',
      '[00:32] US-001 done in 32s 4f2a9c1',
      '[00:32] US-004 started: Audit log export (attempt 1, branch ralph/US-004, worktree .git/ralph-wt/worktrees/US-004)',
      '[00:32] US-002 merging ralph/US-002',
      '[00:32] US-002 merge conflict in src/auth.ts: function login (both modified); src/mail.ts: modified on one side and deleted on the other — requeued to run sequentially',
      '[00:32] US-003 merging ralph/US-003',
      '[00:32] US-003 merge conflict in src/session.ts: method SessionStore.refresh (both modified) — left conflicted',
      '[00:32] US-003 CONFLICTED: src/session.ts: method SessionStore.refresh (both modified) (kept at refs/ralph-wt/conflicts/US-003)',
      '[00:33] concurrency 3 → 2: 2 of last 4 merges conflicted (threshold 30%)',
      '[00:33] US-004 FAILED after 9.0s: quality gate `npm test` exited 1',
      '[00:33] US-005 skipped: depends on US-004, which failed',
      '[00:33] reconcile started (US-001)',
      '[00:33] reconcile fixed duplicate-import src/app.ts:3: duplicate import of ./auth [US-001]',
      "[00:33] reconcile FLAGGED typecheck src/app.ts:40: TS2304: Cannot find name 'Session'. [US-001]",
      '[00:33] reconcile done: 2 issues, 1 auto-fixed, 1 flagged',
      '[00:33] warning: US-002 changed files outside its declared scope: package.json',
      '[00:37] US-002 started: Password reset email (attempt 2, branch ralph/US-002, worktree .git/ralph-wt/worktrees/US-002)',
      '[00:37] US-002 agent running',
      '[00:43] US-002 usage: 14,000 in / 1,600 out tokens',
      '[00:43] US-002 scope drift: changed 1 file (package.json) outside its scope',
      '[00:43] US-002 merging ralph/US-002',
      '[00:43] US-002 merged (line merge) 9be01aa',
      '[00:43] US-002 done in 43s 9be01aa',
    ]);
  });

  it('prints the summary table once, after the log, on close', async () => {
    const text = await render(parallelScript);
    expect(text.endsWith(`\n\n${formatSummary(summaryFixture())}\n`)).toBe(true);
    expect(text.split('ralph-wt summary')).toHaveLength(2);
  });

  it('prints no table when no summary event came', async () => {
    const text = await render(parallelScript.filter((s) => typeof s === 'number' || s.type !== 'summary'));
    expect(text).not.toContain('ralph-wt summary');
  });

  describe('activity throttling', () => {
    const chatty: Step[] = [{ type: 'run:start', runId: 'r', mode: 'parallel', stories: 2, concurrency: 2 }];
    for (let i = 0; i < 50; i++) {
      chatty.push({ type: 'story:activity', storyId: 'US-1', text: `a${i}` }, { type: 'story:activity', storyId: 'US-2', text: `b${i}` }, 100);
    }

    it('shows at most one activity line per story per interval', async () => {
      const lines = logLines(await render(chatty));
      // 50 events per story over 5 s: shown at 0 s, 2 s and 4 s.
      expect(lines.filter((l) => l.includes('US-1 ›'))).toEqual(['[00:00] US-1 › a0', '[00:02] US-1 › a20', '[00:04] US-1 › a40']);
      expect(lines.filter((l) => l.includes('US-2 ›'))).toHaveLength(3);
    });

    it('honours a custom interval', async () => {
      const lines = logLines(await render(chatty, { activityIntervalMs: 1_000 }));
      expect(lines.filter((l) => l.includes('US-1 ›'))).toHaveLength(5);
    });

    it('shows the first activity of a restarted story at once', async () => {
      const lines = logLines(
        await render([
          { type: 'story:activity', storyId: 'US-1', text: 'first attempt' },
          500,
          { type: 'story:started', storyId: 'US-1', title: 'T', attempt: 2, branch: null, worktree: null },
          { type: 'story:activity', storyId: 'US-1', text: 'second attempt' },
        ]),
      );
      expect(lines).toEqual(['[00:00] US-1 › first attempt', '[00:00] US-1 started: T (attempt 2)', '[00:00] US-1 › second attempt']);
    });

    it('shows everything, including queued stories, when verbose', async () => {
      const lines = logLines(await render([...chatty, { type: 'story:queued', storyId: 'US-3', title: 'Later' }], { verbose: true }));
      expect(lines.filter((l) => l.includes('US-1 ›'))).toHaveLength(50);
      expect(lines).toContain('[00:05] US-3 queued: Later');
    });

    it('ignores blank activity', async () => {
      const lines = logLines(await render([{ type: 'story:activity', storyId: 'US-1', text: '  \n ' }]));
      expect(lines).toEqual([]);
    });
  });
});
