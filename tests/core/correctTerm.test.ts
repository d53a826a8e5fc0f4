/**
 * Typo correction (match.ts correctTerm) picks the same word whatever order the vocabulary is kept in: the heap
 * keeps words in the order first seen, the store alphabetically, and both must answer alike.
 */
import { describe, expect, it } from 'vitest';
import type { Knowledge, TermStats } from '../../src/core/answer/knowledge.js';
import { correctTerm } from '../../src/core/answer/match.js';
import { stem } from '../../src/core/nlp/terms.js';

function knowledgeWith(vocabulary: string[], df: Record<string, number>): Knowledge {
  const terms: TermStats = {
    df: (t) => df[t] ?? 0,
    has: (w) => vocabulary.includes(w),
    *near(initial, length, slack) {
      for (const v of vocabulary) if (v[0] === initial && Math.abs(v.length - length) <= slack) yield v;
    },
  };
  return { terms } as unknown as Knowledge;
}

describe('correctTerm', () => {
  it('prefers the closest word, then the one whose stem more sentences hold, then the first alphabetically', () => {
    const words = ['crowns', 'crowds', 'crowers', 'crowded'];
    const df = { [stem('crowns')]: 3, [stem('crowds')]: 9 };
    const forward = knowledgeWith(words, df);
    const backward = knowledgeWith([...words].reverse(), df);
    // "crowms": one edit from crowns and from crowds (more from the others); crowds' stem is more frequent.
    expect(correctTerm('crowms', forward)).toBe('crowds');
    expect(correctTerm('crowms', backward)).toBe('crowds');
    // Equally frequent (both unknown to the sentences): alphabetical, in either order.
    const even = ['campaigns', 'campaigned'];
    expect(correctTerm('campaignsd', knowledgeWith(even, {}))).toBe('campaigned');
    expect(correctTerm('campaignsd', knowledgeWith([...even].reverse(), {}))).toBe('campaigned');
    // Nothing within reach; short words and numbers are never corrected.
    expect(correctTerm('zzzzzz', forward)).toBeUndefined();
    expect(correctTerm('crow', forward)).toBeUndefined();
    expect(correctTerm('crow3s', forward)).toBeUndefined();
  });
});
