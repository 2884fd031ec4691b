import { ConcurrencyController, type ControllerOptions } from '../../src/scheduler/concurrency/controller.js';
import { describeHistory, formatDecision } from '../../src/scheduler/concurrency/format.js';
import type { Decision, MergeOutcome } from '../../src/scheduler/concurrency/types.js';

const DEFAULTS: ControllerOptions = { ceiling: 3, cpuBound: 16, memBound: 16, window: 4, threshold: 0.3, recoverAfter: 3 };

function controller(overrides: Partial<ControllerOptions> = {}, width = 10): ConcurrencyController {
  const c = new ConcurrencyController({ ...DEFAULTS, ...overrides });
  c.initial(width);
  return c;
}

/** Feeds a script like 'ccxcc' (c = clean, x = conflict) at a constant width; returns the decisions in order. */
function play(c: ConcurrencyController, script: string, width = 10): Decision[] {
  const out: Decision[] = [];
  for (const ch of script) {
    const outcome: MergeOutcome = ch === 'x' ? 'conflict' : 'clean';
    const d = c.onMerge(outcome, width);
    if (d) out.push(d);
  }
  return out;
}

describe('ConcurrencyController: conflicts', () => {
  it('drops by one with the exact reason once 2 of the last 4 merges conflicted', () => {
    const c = controller();
    expect(c.limit).toBe(3);
    expect(c.onMerge('clean', 10)).toBeNull();
    expect(c.onMerge('conflict', 10)).toBeNull(); // 1 of 4 = 25% ≤ 30%
    expect(c.onMerge('clean', 10)).toBeNull();
    const d = c.onMerge('conflict', 10);
    expect(d).toEqual({ from: 3, to: 2, reason: '2 of last 4 merges conflicted (threshold 30%)' });
    expect(formatDecision(d as Decision)).toBe('concurrency 3 → 2: 2 of last 4 merges conflicted (threshold 30%)');
    expect(c.limit).toBe(2);
  });

  it('fires as soon as the full window is certain to exceed the threshold', () => {
    const c = controller();
    expect(play(c, 'xx')).toEqual([{ from: 3, to: 2, reason: '2 of last 2 merges conflicted (threshold 30%)' }]);
  });

  it('slides the window: old conflicts age out', () => {
    const c = controller();
    // x c c c x: when the second conflict lands, the first has left the 4-merge window.
    expect(play(c, 'xcccx')).toEqual([]);
    expect(c.limit).toBe(3);
  });

  it('clears the window after a drop so one burst costs one step', () => {
    const c = controller();
    const decisions = play(c, 'xxx');
    expect(decisions.map((d) => d.to)).toEqual([2]); // the third conflict alone is 1 of 1 in a fresh window
    expect(play(c, 'x').map((d) => d.to)).toEqual([1]); // a second burst: 2 of last 2
  });

  it('never goes below 1', () => {
    const c = controller();
    play(c, 'x'.repeat(20));
    expect(c.limit).toBe(1);
    expect(c.history().every((d) => d.to >= 1)).toBe(true);
    expect(c.history().map((d) => `${d.from}→${d.to}`)).toEqual(['3→2', '2→1']);
  });

  it('uses the configured threshold and window in the reason', () => {
    const c = controller({ window: 8, threshold: 0.125 });
    const d = play(c, 'ccxcx');
    expect(d).toEqual([{ from: 3, to: 2, reason: '2 of last 5 merges conflicted (threshold 12.5%)' }]);
  });

  it('threshold 1 never drops', () => {
    const c = controller({ threshold: 1 });
    expect(play(c, 'xxxxxxxx')).toEqual([]);
  });
});

describe('ConcurrencyController: recovery', () => {
  it('rises by one after recoverAfter clean merges in a row, back to the bound', () => {
    const c = controller();
    play(c, 'xx');
    expect(c.limit).toBe(2);
    expect(play(c, 'cc')).toEqual([]);
    expect(play(c, 'c')).toEqual([{ from: 2, to: 3, reason: '3 clean merges in a row' }]);
    expect(play(c, 'cccccc')).toEqual([]); // already at the bound
    expect(c.limit).toBe(3);
  });

  it('a conflict breaks the clean streak', () => {
    const c = controller();
    play(c, 'xx');
    expect(play(c, 'ccxcc')).toEqual([]);
    expect(c.limit).toBe(2);
    expect(play(c, 'c')).toEqual([{ from: 2, to: 3, reason: '3 clean merges in a row' }]);
  });

  it('climbs one step per streak from 1', () => {
    const c = controller({ recoverAfter: 2 });
    play(c, 'xxxx');
    expect(c.limit).toBe(1);
    expect(play(c, 'cccc').map((d) => `${d.from}→${d.to}`)).toEqual(['1→2', '2→3']);
    expect(play(c, 'cccc')).toEqual([]);
  });

  it('never exceeds the ceiling, CPU bound or memory bound', () => {
    for (const opts of [{ ceiling: 2 }, { cpuBound: 2 }, { memBound: 2 }]) {
      const c = controller(opts);
      expect(c.limit).toBe(2);
      play(c, 'xx' + 'c'.repeat(30));
      expect(c.limit).toBe(2);
      expect(Math.max(...c.history().map((d) => d.to))).toBeLessThanOrEqual(2);
    }
  });

  it('a memory bound of 0 still runs one story', () => {
    const c = controller({ memBound: 0 });
    expect(c.bound).toBe(1);
    expect(c.limit).toBe(1);
    expect(play(c, 'x'.repeat(5) + 'c'.repeat(10))).toEqual([]);
  });
});

describe('ConcurrencyController: remaining width', () => {
  it('lowers to the width with its own reason, and rises again when width returns', () => {
    const c = controller({}, 5);
    expect(c.onWidthChange(2)).toEqual({ from: 3, to: 2, reason: 'only 2 stories can still run in parallel' });
    expect(c.onWidthChange(1)).toEqual({ from: 2, to: 1, reason: 'only 1 story can still run in parallel' });
    expect(c.onWidthChange(1)).toBeNull();
    expect(c.onWidthChange(4)).toEqual({ from: 1, to: 3, reason: '4 stories can run in parallel again' });
    expect(c.onWidthChange(2)).toEqual({ from: 3, to: 2, reason: 'only 2 stories can still run in parallel' });
    expect(c.onWidthChange(3)).toEqual({ from: 2, to: 3, reason: '3 stories can run in parallel again' });
  });

  it('width changes reported with a merge move the limit too', () => {
    const c = controller({}, 3);
    expect(c.onMerge('clean', 2)).toEqual({ from: 3, to: 2, reason: 'only 2 stories can still run in parallel' });
  });

  it('rising width stops at what conflicts taught', () => {
    const c = controller({}, 10);
    play(c, 'xx');
    expect(c.onWidthChange(1)).toEqual({ from: 2, to: 1, reason: 'only 1 story can still run in parallel' });
    expect(c.onWidthChange(6)).toEqual({ from: 1, to: 2, reason: '6 stories can run in parallel again' });
  });

  it('combines a width drop and a conflict drop into one decision', () => {
    const c = controller({}, 10);
    c.onMerge('conflict', 10);
    expect(c.onMerge('conflict', 2)).toEqual({
      from: 3,
      to: 1,
      reason: 'only 2 stories can still run in parallel; 2 of last 2 merges conflicted (threshold 30%)',
    });
  });

  it('conflicts lower from the width-capped limit', () => {
    const c = controller({}, 2);
    expect(c.limit).toBe(2);
    expect(play(c, 'xx', 2)).toEqual([{ from: 2, to: 1, reason: '2 of last 2 merges conflicted (threshold 30%)' }]);
    expect(c.onWidthChange(5)).toBeNull(); // target is 1 now: width alone does not undo the lesson
  });

  it('does not climb above the width on clean streaks', () => {
    const c = controller({}, 2);
    expect(play(c, 'c'.repeat(10), 2)).toEqual([]);
    expect(c.limit).toBe(2);
  });

  it('width 0 (nothing left) changes nothing', () => {
    const c = controller({}, 3);
    expect(c.onWidthChange(0)).toBeNull();
    expect(c.onMerge('clean', 0)).toBeNull();
    expect(c.limit).toBe(3);
  });
});

describe('ConcurrencyController: initial value and history', () => {
  it('auto initial = min(width, CPU, memory, ceiling), at least 1, with the reason', () => {
    const cases: [Partial<ControllerOptions>, number, number][] = [
      [{}, 10, 3], // ceiling
      [{}, 2, 2], // width
      [{ cpuBound: 2 }, 10, 2], // CPU
      [{ memBound: 1 }, 10, 1], // memory
      [{ ceiling: 8, cpuBound: 6, memBound: 5 }, 7, 5],
      [{}, 0, 1], // nothing ready still yields 1
    ];
    for (const [opts, width, expected] of cases) {
      const c = new ConcurrencyController({ ...DEFAULTS, ...opts });
      expect(c.initial(width).limit).toBe(expected);
      expect(c.limit).toBe(expected);
    }
    const c = new ConcurrencyController({ ...DEFAULTS, cpuBound: 4, memBound: 7 });
    expect(c.initial(5)).toEqual({ limit: 3, reason: 'auto: min(remaining width 5, CPU bound 4, memory bound 7, ceiling 3) = 3' });
    expect(new ConcurrencyController({ ...DEFAULTS, memBound: 0 }).initial(5).reason).toMatch(/memory bound 0.*= 1 \(at least 1\)$/);
  });

  it('refuses merges before initial() and invalid options', () => {
    expect(() => new ConcurrencyController(DEFAULTS).onMerge('clean', 3)).toThrow(/initial\(\)/);
    expect(() => new ConcurrencyController({ ...DEFAULTS, window: 0 })).toThrow(RangeError);
    expect(() => new ConcurrencyController({ ...DEFAULTS, threshold: 1.5 })).toThrow(RangeError);
    expect(() => new ConcurrencyController({ ...DEFAULTS, ceiling: 0 })).toThrow(RangeError);
  });

  it('keeps every decision and describes them for the summary', () => {
    const c = controller();
    play(c, 'xxccc');
    expect(describeHistory(c.history())).toBe('3 → 2 (2 of last 2 merges conflicted (threshold 30%)), 2 → 3 (3 clean merges in a row)');
    expect(describeHistory([])).toBe('unchanged');
  });

  it('a long scripted run stays within [1, bound] and is deterministic', () => {
    const script = 'ccxxcxcccccxcxxxcccccccccxc';
    const run = (): Decision[] => play(controller(), script);
    const a = run();
    expect(a).toEqual(run());
    for (const d of a) {
      expect(d.to).toBeGreaterThanOrEqual(1);
      expect(d.to).toBeLessThanOrEqual(3);
      expect(Math.abs(d.to - d.from)).toBe(1);
    }
    // ccxx: drop · cxccc: recover (1 of 4 stays under 30%) · ccxcx: drop · xx: drop · ccc: recover · ccc: recover · cxc: 1 of 4, hold.
    expect(a.map((d) => `${d.from}→${d.to}`)).toEqual(['3→2', '2→3', '3→2', '2→1', '1→2', '2→3']);
  });
});
