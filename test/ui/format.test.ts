import { stripAnsi } from '../../src/ui/ansi.js';
import { formatClock, formatCost, formatCount, formatDuration, formatSpeedup, formatSummary } from '../../src/ui/format.js';
import { summaryFixture } from './helpers.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [4_230, '4.2s'],
    [42_900, '42s'],
    [65_000, '1m 05s'],
    [3_599_000, '59m 59s'],
    [7_390_000, '2h 03m 10s'],
    [-65_000, '-1m 05s'],
    [Number.NaN, '–'],
  ])('%p ms → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('small formatters', () => {
  it('formats clocks, counts, costs and speedups', () => {
    expect(formatClock(12_400)).toBe('00:12');
    expect(formatClock(760_000)).toBe('12:40');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCost(4.217)).toBe('$4.22');
    expect(formatCost(0.004)).toBe('<$0.01');
    expect(formatCost(null)).toBe('not reported');
    expect(formatSpeedup(2.52)).toBe('2.5×');
    expect(formatSpeedup(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('formatSummary', () => {
  const text = formatSummary(summaryFixture());
  const lines = text.split('\n');
  /** The value printed for a label inside a section. */
  const valueOf = (section: string, label: string): string | undefined => {
    const start = lines.indexOf(section);
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith(' ')) break;
      const match = /^ {2}(.+?) {2,}(.*)$/.exec(line);
      if (match?.[1] === label) return match[2];
    }
    return undefined;
  };

  it('is plain text unless colour is asked for', () => {
    expect(text).not.toContain('\u001b[');
    const colored = formatSummary(summaryFixture(), { color: true });
    expect(colored).toContain('\u001b[');
    expect(stripAnsi(colored)).toBe(text);
  });

  it('shows the run timing', () => {
    expect(valueOf('Run', 'Mode')).toBe('parallel');
    expect(valueOf('Run', 'Wall time')).toBe('12m 34s');
    expect(valueOf('Run', 'Sequential estimate')).toBe('31m 40s');
    expect(valueOf('Run', 'Time saved')).toBe('19m 06s');
    expect(valueOf('Run', 'Speedup')).toBe('2.5×');
  });

  it('shows every story count', () => {
    expect(valueOf('Stories', 'Total')).toBe('6');
    expect(valueOf('Stories', 'Passed')).toBe('3');
    expect(valueOf('Stories', 'Failed')).toBe('1');
    expect(valueOf('Stories', 'Conflicted')).toBe('1');
    expect(valueOf('Stories', 'Skipped')).toBe('1');
    expect(valueOf('Stories', 'Pending')).toBe('0');
  });

  it('shows merges, conflicts by method and fallbacks', () => {
    expect(valueOf('Merges', 'Merged')).toBe('3');
    expect(valueOf('Merges', 'Conflicts detected')).toBe('4');
    expect(valueOf('Merges', 'Auto-resolved')).toBe('3 (entity 2, line 1, agent 0)');
    expect(valueOf('Merges', 'Sequential fallbacks')).toBe('1');
  });

  it('shows reconciliation, concurrency history and usage', () => {
    expect(valueOf('Reconciliation', 'Runs')).toBe('2');
    expect(valueOf('Reconciliation', 'Issues found')).toBe('5');
    expect(valueOf('Reconciliation', 'Auto-fixed')).toBe('4');
    expect(valueOf('Reconciliation', 'Flagged')).toBe('1');
    expect(valueOf('Reconciliation', '  typecheck')).toBe("src/app.ts:40 TS2304: Cannot find name 'Session'. [US-001, US-003]");
    expect(valueOf('Concurrency', '+00:41')).toBe('3 → 2: 2 of last 4 merges conflicted (threshold 30%)');
    expect(valueOf('Usage', 'Input tokens')).toBe('1,234,567');
    expect(valueOf('Usage', 'Output tokens')).toBe('45,678');
    expect(valueOf('Usage', 'Cache read tokens')).toBe('890,000');
    expect(valueOf('Usage', 'Cache write tokens')).toBe('12,000');
    expect(valueOf('Usage', 'Cost')).toBe('$4.22');
  });

  it('lists scope drift and failures with reasons', () => {
    expect(valueOf('Scope drift', 'US-002')).toBe('package.json, src/shared/config.ts');
    expect(valueOf('Failures', 'US-004')).toBe('quality gate `npm test` exited 1');
  });

  it('aligns every value in one column', () => {
    const valueColumns = new Set(
      lines.filter((l) => l.startsWith('  ')).map((l) => /^ {2}.+? {2,}/.exec(l)?.[0].length),
    );
    expect(valueColumns.size).toBe(1);
  });

  it('says "none" / "not reported" for empty sections and indents multi-line reasons', () => {
    const empty = formatSummary(
      summaryFixture({
        usage: null,
        concurrencyHistory: [],
        scopeDrift: [],
        failures: [{ storyId: 'US-009', reason: 'gates failed:\nnpm test exited 1' }],
      }),
    );
    expect(empty).toMatch(/^Usage\n {2}Tokens +not reported$/m);
    expect(empty).toMatch(/^Concurrency\n {2}Changes +none$/m);
    expect(empty).toMatch(/^Scope drift\n {2}Stories +none$/m);
    const failure = empty.split('\n').slice(-2);
    expect(failure[0]).toMatch(/^ {2}US-009 +gates failed:$/);
    expect(failure[1]?.trim()).toBe('npm test exited 1');
    expect(failure[1]?.indexOf('npm')).toBe(failure[0]?.indexOf('gates'));
  });

  it('shows epoch timestamps in concurrency history as wall-clock times', () => {
    const at = new Date(2026, 0, 2, 14, 5, 9).getTime();
    const out = formatSummary(summaryFixture({ concurrencyHistory: [{ at, from: 2, to: 3, reason: 'no conflicts in last 6 merges' }] }));
    expect(out).toMatch(/^ {2}14:05:09 +2 → 3: no conflicts in last 6 merges$/m);
  });
});
