/**
 * Session 18: both sides of a dispute the article states ("… quickly became the subject of a row. Council sources
 * said … Mr Barraclough's supporters flatly denied that account …") among a yes/no question's five best sentences
 * make the reply contested, though the best sentence only asks it ("Asked whether Mr Barraclough had been offered
 * another post …, she said …") and the sides score below the answer threshold (lanes/sentences.ts BOTH_SIDES_AMONG).
 * An invented article: tests/fixtures/disputes/council-cabinet-sacking.txt, over the seed.
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const fixture = fixtureServicesForFile('tests/fixtures/disputes/council-cabinet-sacking.txt', 'whip-dispute-sides-');

describe('a stated dispute whose two sides the question retrieves', () => {
  it('is contested with both sides, each quoted verbatim and attributed', () => {
    const r = fixture.engine().ask('Was Barraclough offered another cabinet post before he was removed?');
    expect(r.status).toBe('contested');
    expect(r.answer).toBe('Contested: sources disagree');
    expect(r.text).toMatch(/offered the post of cabinet member for leisure/);
    expect(r.text).toMatch(/flatly denied that account/);
    expect(r.citations.map((c) => c.attribution)).toEqual([
      'according to Council sources (anonymous)',
      "according to Mr Barraclough's supporters (anonymous)",
    ]);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });

  it('a question about something else in the article is not made a dispute', () => {
    const r = fixture.engine().ask('Did the council miss its target for new social homes?');
    expect(r.status).not.toBe('contested');
  });
});
