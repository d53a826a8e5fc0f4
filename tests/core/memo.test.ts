import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/core/memo.js';

describe('BoundedMemo', () => {
  it('remembers up to its limit, then starts over (the limit bounds the memory)', () => {
    const memo = new BoundedMemo<string, number>(3);
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      expect(memo.set(k, v)).toBe(v);
    expect([memo.get('a'), memo.get('c'), memo.size]).toEqual([1, 3, 3]);
    // A full memo starts over before it takes the next key.
    memo.set('d', 4);
    expect([memo.get('a'), memo.get('d'), memo.size]).toEqual([undefined, 4, 1]);
  });

  it('keeps a remembered null apart from a key never seen', () => {
    const memo = new BoundedMemo<string, string | null>(10);
    memo.set('none', null);
    expect(memo.get('none')).toBeNull();
    expect(memo.get('unseen')).toBeUndefined();
  });
});
