/**
 * Session 18, over an invented reshuffle article (tests/fixtures/disputes/holyrood-reshuffle.txt): a dispute its
 * standfirst states ("disagree over whether she was offered another post") answered with the two sides the body
 * gives after saying the circumstances "are disputed" (rebuttal.ts findStatedDispute, DISPUTE_MARK); "sacks Health
 * Secretary Moira Kellan" does not make her the Health Secretary (analyse.ts REMOVED_BEFORE), while "Daniel Rook …
 * was promoted to Health Secretary" does, and "Who is the Health Secretary?" asks who holds the post even where the
 * articles made it a name of its own (engine.ts, isRoleTitle); an answer read off the headline is quoted first from
 * the body sentence that states it (lanes/sentences.ts bodyStatement).
 */
import { describe, expect, it } from 'vitest';
import type { ArticleInfo } from '../../src/core/answer/knowledge.js';
import { bodyStatement } from '../../src/core/answer/lanes/sentences.js';
import { descriptionsIn } from '../../src/core/nlp/analyse.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const fixture = fixtureServicesForFile('tests/fixtures/disputes/holyrood-reshuffle.txt', 'whip-stated-dispute-');

describe('a dispute the standfirst states, its sides in the body', () => {
  it('is contested, with each side quoted verbatim and attributed', () => {
    const r = fixture.engine().ask('Was Ms Kellan offered another post before she was dismissed?');
    expect(r.status).toBe('contested');
    expect(r.answer).toBe('Contested: sources disagree');
    expect(r.text).toMatch(/never offered another role/);
    expect(r.text).toMatch(/offered the post of Rural Affairs Secretary/);
    expect(r.citations.map((c) => c.attribution)).toEqual([
      'according to Ms Kellan',
      "according to the First Minister's office (official spokesman)",
    ]);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });
});

describe('a role after a verb that ends it', () => {
  it('records no description from "sacks Health Secretary Moira Kellan", but does from "the Health Secretary …"', () => {
    expect(
      descriptionsIn('Moira Kellan', 'First Minister sacks Health Secretary Moira Kellan as reshuffle bites'),
    ).toEqual([]);
    expect(descriptionsIn('Moira Kellan', 'The First Minister dismissed the Health Secretary Moira Kellan.')).toEqual(
      [],
    );
    expect(descriptionsIn('Moira Kellan', 'Health Secretary Moira Kellan said waits would fall.')).toEqual([
      'Health Secretary',
    ]);
    expect(descriptionsIn('Jane Smith', 'The Prime Minister fired Transport Secretary Jane Smith.')).toEqual([]);
    // Only verb forms end a role: "fire" alone is a noun as often.
    expect(descriptionsIn('Jane Smith', 'The fire service director Jane Smith said crews were ready.')).toEqual([
      'the fire service director',
    ]);
  });

  it('so the sacked minister is not given as the holder of the post; the one promoted to it is', () => {
    for (const q of ['Who is the Health Secretary?', 'Who is the new Health Secretary?']) {
      const r = fixture.engine().ask(q);
      expect(r.answer, q).toBe('Daniel Rook');
      expect(r.citations[0]?.quote).toBe('Daniel Rook, the transport minister, was promoted to Health Secretary.');
    }
    expect(descriptionsIn('Jo Smith', 'Jo Smith was appointed as the Chief Whip on Monday.')).toEqual([
      'the Chief Whip',
    ]);
    expect(descriptionsIn('Jo Smith', 'Jo Smith was promoted to the backbenches.')).toEqual([]);
  });
});

describe('an answer read off a headline or standfirst', () => {
  it('quotes the body sentence that states it first, the headline after', () => {
    const r = fixture.engine().ask('Who did the First Minister sack?');
    expect(r.answer).toBe('Moira Kellan');
    expect(r.citations[0]?.quote).toMatch(/^Moira Kellan, who had run the health department/);
    expect(r.citations.map((c) => c.quote)).toContain(
      'First Minister sacks Health Secretary Moira Kellan as reshuffle brings in younger ministers',
    );
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });

  /** A minimal article: [part, paragraph, text]. */
  const article = (sentences: [string, number, string][]) =>
    ({
      id: 'budget',
      analysis: { sentences: sentences.map(([part, p, text], i) => ({ i, p, part, text })) },
    }) as unknown as ArticleInfo;
  const budget = article([
    ['headline', 0, 'Chancellor halves growth forecast as borrowing overshoots by £14.6bn'],
    ['body', 1, 'The Chancellor cut the growth forecast in half yesterday'],
    ['body', 2, 'Borrowing rose by £9 billion in the year.'],
    ['body', 3, 'Borrowing will reach £137.3 billion, £14.6 billion more than was forecast in the autumn.'],
    ['body', 4, 'The Chancellor said the figures were “sobering”.'],
  ]);

  /** The question's candidates, best first, as the sentence scorer ranks them. */
  const ranked = (...order: number[]) => order.map((i) => ({ article: budget, sentence: { i } }));

  it('finds a number however its unit is spelt, among the sentences the question matched, best first', () => {
    expect(bodyStatement(budget, 0, '£14.6bn', ranked(0, 2, 3))?.quote).toMatch(/^Borrowing will reach £137.3 billion/);
    // "Borrowing" stands in sentences 2 and 3: the one the question ranked higher.
    expect(bodyStatement(budget, 0, 'Borrowing', ranked(0, 3, 2))?.quote).toMatch(/^Borrowing will reach/);
    expect(bodyStatement(budget, 0, 'Borrowing', ranked(0, 2, 3))?.quote).toBe(
      'Borrowing rose by £9 billion in the year.',
    );
  });

  it('adds nothing to an answer read off the body, or one the body does not state', () => {
    expect(bodyStatement(budget, 3, '£14.6bn', ranked(3, 0))).toBeUndefined();
    expect(bodyStatement(budget, 0, 'halves growth forecast', ranked(0, 1, 2, 3, 4))).toBeUndefined();
    // The lead paragraph is a summary too: what it alone says has no body sentence.
    expect(bodyStatement(budget, 1, '£20bn', ranked(1, 2, 3))).toBeUndefined();
    // A one-word answer is taken only from a sentence the question matched; a specific one from the first that
    // states it.
    expect(bodyStatement(budget, 0, 'the Chancellor', ranked(0, 2, 3))).toBeUndefined();
    expect(bodyStatement(budget, 0, 'Chancellor said', ranked(0, 2, 3))?.quote).toBe(
      'The Chancellor said the figures were “sobering”.',
    );
  });
});
