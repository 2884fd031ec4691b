import { IntegrationLedger } from '../../src/merge/integration-ledger.js';

describe('IntegrationLedger', () => {
  it('knows nothing until told: every answer is "ask git"', () => {
    const ledger = new IntegrationLedger();
    expect(ledger.head).toBeNull();
    expect(ledger.changedBetween('a', 'b')).toBeNull();
    expect(ledger.changedIn('b')).toBeNull();
    expect(ledger.contentAt('b', 'prd.json')).toBeUndefined();
  });

  it('walks the first-parent chain of its own commits back to a base', () => {
    const ledger = new IntegrationLedger();
    ledger.observe('h0');
    ledger.record('m1', { parent: 'h0', changed: ['a.ts', 'prd.json'], contents: new Map([['prd.json', 'p1']]) });
    ledger.record('m2', { parent: 'm1', changed: ['b.ts', 'prd.json'], contents: new Map([['prd.json', 'p2']]) });
    expect(ledger.head).toBe('m2');
    expect(ledger.changedBetween('h0', 'm2')).toEqual(['a.ts', 'b.ts', 'prd.json']);
    expect(ledger.changedBetween('m1', 'm2')).toEqual(['b.ts', 'prd.json']);
    expect(ledger.changedBetween('m2', 'm2')).toEqual([]);
    expect(ledger.changedIn('m1')).toEqual(['a.ts', 'prd.json']);
  });

  it('answers null when the chain leaves the commits it made (someone else moved the branch)', () => {
    const ledger = new IntegrationLedger();
    ledger.record('m1', { parent: 'h0', changed: ['a.ts'], contents: new Map() });
    ledger.record('m3', { parent: 'x2', changed: ['c.ts'], contents: new Map() });
    expect(ledger.changedBetween('h0', 'm3')).toBeNull();
    expect(ledger.changedBetween('other', 'm1')).toBeNull();
  });

  it('gives orchestrator contents, inherited through commits that did not change them', () => {
    const ledger = new IntegrationLedger();
    ledger.record('m1', { parent: 'h0', changed: ['prd.json', 'progress.txt'], contents: new Map([['prd.json', 'p1'], ['progress.txt', null]]) });
    // A reconcile commit that fixed a source file only.
    ledger.record('r1', { parent: 'm1', changed: ['src/x.ts'], contents: new Map() });
    // A commit that changed progress.txt without recording its content.
    ledger.record('r2', { parent: 'r1', changed: ['progress.txt'], contents: new Map() });
    expect(ledger.contentAt('r1', 'prd.json')).toBe('p1');
    expect(ledger.contentAt('r1', 'progress.txt')).toBeNull();
    expect(ledger.contentAt('r2', 'prd.json')).toBe('p1');
    expect(ledger.contentAt('r2', 'progress.txt')).toBeUndefined();
    expect(ledger.contentAt('h0', 'prd.json')).toBeUndefined();
  });

  it('learns contents at a commit it did not make, without taking it into its chains', () => {
    const ledger = new IntegrationLedger();
    ledger.learn('h0', new Map([['prd.json', 'p0']]));
    ledger.record('m1', { parent: 'h0', changed: ['a.ts'], contents: new Map() });
    expect(ledger.contentAt('m1', 'prd.json')).toBe('p0');
    expect(ledger.changedBetween('h0', 'm1')).toEqual(['a.ts']);
    expect(ledger.changedBetween('older', 'm1')).toBeNull();
    expect(ledger.changedIn('h0')).toBeNull();
  });

  it('answers "absent" for paths no commit of the run holds, at any commit', () => {
    const ledger = new IntegrationLedger(['progress.txt']);
    expect(ledger.contentAt('anything', 'progress.txt')).toBeNull();
    expect(ledger.contentAt('anything', 'prd.json')).toBeUndefined();
  });

  it('forgets the head after a lost compare-and-swap, and keeps what it learned about commits', () => {
    const ledger = new IntegrationLedger();
    ledger.record('m1', { parent: 'h0', changed: ['a.ts'], contents: new Map() });
    ledger.forget();
    expect(ledger.head).toBeNull();
    expect(ledger.changedIn('m1')).toEqual(['a.ts']);
    ledger.observe('someone-else');
    expect(ledger.head).toBe('someone-else');
  });
});
