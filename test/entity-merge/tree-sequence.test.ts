import { orderedMerge, setOrder } from '../../src/entity-merge/tree/sequence.js';

const same = (keys: string[]): { b: string[]; o: string[]; t: string[] } => ({ b: keys, o: keys, t: keys });

describe('setOrder (commutative lists)', () => {
  test('additions of both sides at one anchor: ours first, then theirs', () => {
    expect(setOrder(['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });

  test('an addition goes after its predecessor in its own side, not at the end', () => {
    expect(setOrder(['a', 'b', 'c'], ['a', 'b', 'c', 'z'], ['a', 'x', 'b', 'c'])).toEqual(['a', 'x', 'b', 'c', 'z']);
  });

  test('deletions of either side are applied', () => {
    expect(setOrder(['a', 'b', 'c'], ['a', 'c'], ['a', 'b'])).toEqual(['a']);
  });

  test('only theirs reordered: their order wins (ours addition after its neighbour); both reordered: null', () => {
    expect(setOrder(['a', 'b'], ['a', 'b', 'c'], ['b', 'a'])).toEqual(['b', 'c', 'a']);
    expect(setOrder(['a', 'b', 'c'], ['b', 'a', 'c'], ['a', 'c', 'b'])).toBeNull();
  });

  test('a key present twice in one version stops the merge', () => {
    expect(setOrder(['a'], ['a', 'a'], ['a'])).toBeNull();
  });
});

describe('orderedMerge (positional lists)', () => {
  test('a key match that may pair the wrong elements is no merge: the side kept the element and added a similar one', () => {
    // Base `assert(a)`; ours rewrote it; theirs kept it verbatim and added `let b; assert(b)` after it. By key alone
    // base's assert may pair with theirs' new assert(b), and ours' rewrite would land on the wrong statement.
    // Theirs also changed the first statement, so the key diff matches from the end: base's pair with theirs' new one.
    const keys = { b: ['x', 'let', 'assert'], o: ['x', 'let', 'assert'], t: ['y', 'let', 'assert', 'let', 'assert'] };
    const texts = { b: ['x', 'let a', 'assert(a)'], o: ['x', 'let a', 'assert_eq(a)'], t: ['y', 'let a', 'assert(a)', 'let b', 'assert(b)'] };
    const changed = (side: 'o' | 't', bi: number, si: number): boolean => texts[side][si] !== texts.b[bi];
    expect(orderedMerge(keys, texts, changed)).toBeNull();
  });

  test('stretches changed by different sides combine; untouched ones are triples', () => {
    const keys = { b: ['x', 'y', 'z'], o: ['x0', 'y', 'z'], t: ['x', 'y', 'z', 'w'] };
    const slots = orderedMerge(keys, keys, () => false);
    expect(slots).toEqual([{ o: 0 }, { b: 1, o: 1, t: 1 }, { b: 2, o: 2, t: 2 }, { t: 3 }]);
  });

  test('both sides inserting at one anchor is a conflict unless identical', () => {
    const keys = { b: ['x'], o: ['x', 'a'], t: ['x', 'b'] };
    expect(orderedMerge(keys, keys, () => false)).toBeNull();
    const same2 = { b: ['x'], o: ['x', 'a'], t: ['x', 'a'] };
    expect(orderedMerge(same2, same2, () => false)).toEqual([{ b: 0, o: 0, t: 0 }, { o: 1, t: 1 }]);
  });

  test('one side replacing an element the other side modified (same key) is a conflict, not a lost edit', () => {
    const keys = { b: ['x', 'y'], o: ['x'], t: ['x', 'y'] };
    expect(orderedMerge(keys, keys, (side, bi) => side === 't' && bi === 1)).toBeNull();
    expect(orderedMerge(keys, keys, () => false)).toEqual([{ b: 0, o: 0, t: 0 }]);
  });

  test('unchanged sequences map one to one', () => {
    const keys = same(['p', 'q']);
    expect(orderedMerge(keys, keys, () => false)).toEqual([
      { b: 0, o: 0, t: 0 },
      { b: 1, o: 1, t: 1 },
    ]);
  });
});
