import { defaultSettings } from '../../src/config/defaults.js';
import { AGENTS_PER_CPU, resourceBounds } from '../../src/scheduler/concurrency/bounds.js';
import { ConcurrencyController } from '../../src/scheduler/concurrency/controller.js';
import { createConcurrencyPolicy, type PolicySettings } from '../../src/scheduler/concurrency/policy.js';
import { readResources } from '../../src/scheduler/concurrency/resources.js';

function settings(overrides: Partial<PolicySettings> = {}): PolicySettings {
  return { ...defaultSettings(), maxConcurrency: 'auto', ...overrides };
}

const ROOMY = { cpus: 8, freeMemMb: 64 * 1024 };

describe('resourceBounds', () => {
  it('CPU bound is a multiple of the cores, memory bound is whole agents that fit', () => {
    expect(resourceBounds({ cpus: 4, freeMemMb: 5000 }, 1536)).toEqual({ cpuBound: 4 * AGENTS_PER_CPU, memBound: 3 });
    expect(resourceBounds({ cpus: 1, freeMemMb: 1000 }, 1536)).toEqual({ cpuBound: AGENTS_PER_CPU, memBound: 0 });
    expect(() => resourceBounds(ROOMY, 0)).toThrow(RangeError);
  });
});

describe('createConcurrencyPolicy', () => {
  it('an explicit number is fixed: no decisions, whatever the merges do', () => {
    const policy = createConcurrencyPolicy(settings({ maxConcurrency: 2 }), { cpus: 1, freeMemMb: 10 });
    expect(policy.mode).toBe('fixed');
    // The user's number wins over the width, the ceiling and the machine.
    expect(policy.initial(7)).toEqual({ limit: 2, reason: 'fixed by maxConcurrency 2' });
    for (const outcome of ['conflict', 'conflict', 'conflict', 'clean', 'clean', 'clean', 'clean'] as const) {
      expect(policy.onMerge(outcome, 1)).toBeNull();
    }
    expect(policy.onWidthChange(1)).toBeNull();
    expect(policy.limit).toBe(2);
    expect(policy.history()).toEqual([]);
  });

  it('maxConcurrency 0 is unlimited', () => {
    const policy = createConcurrencyPolicy(settings({ maxConcurrency: 0 }), ROOMY);
    expect(policy.initial(4)).toEqual({ limit: 0, reason: 'unlimited (maxConcurrency 0)' });
    expect(policy.onMerge('conflict', 4)).toBeNull();
  });

  it('rejects a negative or fractional number', () => {
    expect(() => createConcurrencyPolicy(settings({ maxConcurrency: -1 }), ROOMY)).toThrow(RangeError);
    expect(() => createConcurrencyPolicy(settings({ maxConcurrency: 1.5 }), ROOMY)).toThrow(RangeError);
  });

  it('auto builds the adaptive controller from the settings', () => {
    const policy = createConcurrencyPolicy(settings({ conflictWindow: 2, conflictThreshold: 0.4, recoverAfter: 1 }), ROOMY);
    expect(policy).toBeInstanceOf(ConcurrencyController);
    expect(policy.mode).toBe('auto');
    expect(policy.initial(10).limit).toBe(3); // default autoCeiling
    expect(policy.onMerge('conflict', 10)).toEqual({ from: 3, to: 2, reason: '1 of last 1 merges conflicted (threshold 40%)' });
    expect(policy.onMerge('clean', 10)).toEqual({ from: 2, to: 3, reason: '1 clean merges in a row' });
  });

  it('auto initial is limited by memory', () => {
    const policy = createConcurrencyPolicy(settings({ agentMemoryMb: 1000 }), { cpus: 16, freeMemMb: 2500 });
    expect(policy.initial(10)).toEqual({ limit: 2, reason: `auto: min(remaining width 10, CPU bound ${16 * AGENTS_PER_CPU}, memory bound 2, ceiling 3) = 2` });
  });

  it('auto initial is limited by CPU', () => {
    const policy = createConcurrencyPolicy(settings({ autoCeiling: 8 }), { cpus: 2, freeMemMb: 64 * 1024 });
    expect(policy.initial(10).limit).toBe(2 * AGENTS_PER_CPU);
  });

  it('auto initial is limited by the ceiling and by the width', () => {
    expect(createConcurrencyPolicy(settings({ autoCeiling: 2 }), ROOMY).initial(10).limit).toBe(2);
    expect(createConcurrencyPolicy(settings({ autoCeiling: 6 }), ROOMY).initial(5).limit).toBe(5);
  });

  it('auto with too little memory for one agent still runs one', () => {
    const policy = createConcurrencyPolicy(settings(), { cpus: 4, freeMemMb: 100 });
    expect(policy.initial(5).limit).toBe(1);
  });
});

describe('readResources', () => {
  it('reports positive whole numbers for this machine', () => {
    const r = readResources();
    expect(Number.isInteger(r.cpus) && r.cpus >= 1).toBe(true);
    expect(Number.isInteger(r.freeMemMb) && r.freeMemMb > 0).toBe(true);
  });
});
