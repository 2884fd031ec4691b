import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { stripAnsi } from '../../src/ui/ansi.js';
import { figures } from '../../src/ui/figures.js';
import { formatSummary } from '../../src/ui/format.js';
import { TaskRenderer } from '../../src/ui/task-renderer.js';
import { CaptureStream, FakeClock, parallelScript, play, sequentialScript, summaryFixture, type Step } from './helpers.js';

const { tick, cross, arrowDown, pointerSmall } = figures;

/** The frame drawn at close: after its last erase, before the cursor is shown again. */
function finalFrame(text: string): string[] {
  const end = text.lastIndexOf('\u001b[?25h');
  const start = text.lastIndexOf('\u001b[G', end);
  expect(end).toBeGreaterThan(start);
  expect(start).toBeGreaterThan(-1);
  return stripAnsi(text.slice(start, end)).trimEnd().split('\n');
}

/** Each expected line is either the exact text or a pattern (for lines cut to the terminal width). */
function expectLines(actual: string[], expected: (string | RegExp)[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((line, i) => {
    if (typeof line === 'string') expect(actual[i]).toBe(line);
    else expect(actual[i]).toMatch(line);
  });
}

// Every renderer is closed, even when a test fails, so its timer never outlives a test.
const open: TaskRenderer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function setup(): { stream: CaptureStream; clock: FakeClock; renderer: TaskRenderer } {
  const stream = new CaptureStream({ tty: true });
  stream.columns = 120;
  const clock = new FakeClock();
  const renderer = new TaskRenderer({ stream, now: clock.now, tickMs: 5 });
  open.push(renderer);
  return { stream, clock, renderer };
}

/** Plays a script, yielding to the event loop between events so frames are drawn while rows arrive. */
async function playSlowly(steps: readonly Step[], clock: FakeClock, renderer: TaskRenderer): Promise<void> {
  for (const step of steps) {
    play([step], clock, (e) => renderer.handle(e));
    await nextTurn();
  }
}

/** Waits (bounded) until the stream's text satisfies `ok`; nothing is asserted about how long it took. */
async function until(stream: CaptureStream, ok: (plain: string) => boolean): Promise<string> {
  for (let i = 0; i < 400 && !ok(stripAnsi(stream.text)); i++) await sleep(5);
  return stripAnsi(stream.text);
}

const parallelFinal: (string | RegExp)[] = [
  `${cross} ralph-wt · parallel · 5 stories · concurrency 2 · 0 running, 2 done, 2 failed, 1 skipped · 43s · $0.42`,
  `${tick} US-001 Add login form · merged (entity merge) 4f2a9c1 · 32s · $0.42`,
  `${tick} US-002 Password reset email · merged (line merge) 9be01aa · 43s · 15.6k tokens`,
  // Cut to the terminal width.
  new RegExp(`^${cross} US-003 Session timeout banner · conflicted: src/session\\.ts: method SessionStore\\.refresh \\(both modified\\) \\(kept at.*…$`),
  `${cross} US-004 Audit log export · failed: quality gate \`npm test\` exited 1 · 9.0s`,
  `${arrowDown} US-005 Admin dashboard · skipped: depends on US-004, which failed`,
  `${tick} reconcile US-001 · 2 issues, 1 auto-fixed, 1 flagged · 0 ms`,
  '',
  // The bottom bar keeps the latest four notices; 'US-003 merge conflict' has scrolled off.
  `${pointerSmall} concurrency 3 → 2: 2 of last 4 merges conflicted (threshold 30%)`,
  `${pointerSmall} reconcile FLAGGED typecheck src/app.ts:40: TS2304: Cannot find name 'Session'. [US-001]`,
  `${pointerSmall} warning: US-002 changed files outside its declared scope: package.json`,
  `${pointerSmall} US-002 scope drift: changed 1 file (package.json) outside its scope`,
];

describe('TaskRenderer (redrawn in place on a fake TTY)', () => {
  it('ends with every story in its final state when all events arrive before the first frame', async () => {
    const { stream, clock, renderer } = setup();
    play(parallelScript, clock, (e) => renderer.handle(e));
    await renderer.close();
    expectLines(finalFrame(stream.text), parallelFinal);
  });

  it('ends the same way when stories arrive between frames', async () => {
    const { stream, clock, renderer } = setup();
    await playSlowly(parallelScript, clock, renderer);
    await renderer.close();
    expectLines(finalFrame(stream.text), parallelFinal);
  });

  it('prints the summary table once, after the final frame', async () => {
    const { stream, clock, renderer } = setup();
    play(parallelScript, clock, (e) => renderer.handle(e));
    await renderer.close();
    await renderer.close();
    expect(stream.text.endsWith(`\u001b[?25h\n${formatSummary(summaryFixture())}\n`)).toBe(true);
    expect(stream.text.split('ralph-wt summary')).toHaveLength(2);
  });

  it('renders a sequential run', async () => {
    const { stream, clock, renderer } = setup();
    await playSlowly(sequentialScript, clock, renderer);
    await renderer.close();
    expect(finalFrame(stream.text)).toEqual([
      `${cross} ralph-wt · sequential · 2 stories · concurrency 1 · 0 running, 1 done, 1 failed · 11s · $0.12`,
      `${tick} US-001 Add login form · done 4f2a9c1 · 1m 05s · $0.12`,
      `${cross} US-002 Remember me checkbox · failed: agent gave up after 5 iterations · 3.0s`,
      '',
      `${pointerSmall} US-002 rate-limited, resets in 4m 10s: usage limit reached`,
    ]);
  });

  it('shows phase, elapsed time and the latest activity of a running story', async () => {
    const { stream, clock, renderer } = setup();
    // Up to and including the 'Editing src/login.ts' activity, 1.5 s in.
    await playSlowly(sequentialScript.slice(0, 10), clock, renderer);
    clock.advance(63_500);
    const live = await until(stream, (t) => t.includes('agent running (iteration 1/5) · 1m 05s'));
    expect(live).toContain('ralph-wt · sequential · 2 stories · concurrency 1 · 1 running, 0 done · 1m 05s');
    expect(live).toMatch(/US-001 Add login form · agent running \(iteration 1\/5\) · 1m 05s\n\s+› Editing src\/login\.ts/);
    await renderer.close();
  });

  it('marks stories still in flight at close as not finished', async () => {
    const { stream, clock, renderer } = setup();
    await playSlowly(parallelScript.slice(0, 14), clock, renderer);
    await renderer.close();
    expect(finalFrame(stream.text)).toEqual([
      `${tick} ralph-wt · parallel · 5 stories · concurrency 3 · 0 running, 0 done · 12s`,
      `${arrowDown} US-001 Add login form · not finished (was agent running)`,
      `${arrowDown} US-002 Password reset email · not finished (was agent running)`,
      `${arrowDown} US-003 Session timeout banner · not finished (was agent running)`,
    ]);
  });

  it('gives a story that starts again after failing a new row, but late events no row', async () => {
    const { stream, clock, renderer } = setup();
    await playSlowly(
      [
        { type: 'run:start', runId: 'r', mode: 'parallel', stories: 1, concurrency: 2 },
        { type: 'story:started', storyId: 'US-1', title: 'Retry me', attempt: 1, branch: null, worktree: null },
        { type: 'story:failed', storyId: 'US-1', reason: 'agent crashed', durationMs: 1_000 },
        { type: 'story:phase', storyId: 'US-1', phase: 'failed' },
        { type: 'story:started', storyId: 'US-1', title: 'Retry me', attempt: 2, branch: null, worktree: null },
        { type: 'story:done', storyId: 'US-1', durationMs: 2_000, commit: null },
        { type: 'story:phase', storyId: 'US-1', phase: 'done' },
      ],
      clock,
      renderer,
    );
    await renderer.close();
    expect(finalFrame(stream.text)).toEqual([
      `${tick} ralph-wt · parallel · 1 story · concurrency 2 · 0 running, 1 done · 0 ms`,
      `${cross} US-1 Retry me · failed: agent crashed · 1.0s`,
      `${tick} US-1 Retry me · done · 2.0s`,
    ]);
  });

  it('shows a waiting header when closed before the run started, and ignores events after close', async () => {
    const { stream, clock, renderer } = setup();
    await renderer.close();
    play(parallelScript, clock, (e) => renderer.handle(e));
    expect(finalFrame(stream.text)).toEqual([`${tick} ralph-wt · waiting for the run to start`]);
    expect(stream.text).not.toContain('US-001');
  });
});
