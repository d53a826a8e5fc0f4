/**
 * Session 27: the read probe rounds' wrong answers of the wrong kind, asked of their articles as eval/probeScore.ts
 * asks them (each in a knowledge base of its own with the seed). The rules are kinds.ts's and engine.ts's; their
 * sentence-level checks are in kinds.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile } from './helpers.js';

const carrow = fixtureServicesForFile('tests/fixtures/probes/session20/e1.txt', 'whip-kinds27-carrow-');
const cardiff = fixtureServicesForFile('tests/fixtures/probes/round12/m1.txt', 'whip-kinds27-cardiff-');
const wexcombe = fixtureServicesForFile('tests/fixtures/probes/round12/m2.txt', 'whip-kinds27-wexcombe-');
const hospitals = fixtureServicesForFile('tests/fixtures/probes/session19/b2.txt', 'whip-kinds27-hospitals-');
const brackenport = fixtureServicesForFile('tests/fixtures/probes/round14/p2.txt', 'whip-kinds27-brackenport-');

describe('a listing sentence says whose each figure is', () => {
  it("answers the named candidate's votes, not the first figure", () => {
    const green = brackenport.engine().ask('How many votes did the Green Party candidate get?');
    expect(green.status).toBe('answered');
    expect(green.answer).toBe('9,812');
    const lowercase = carrow.engine().ask('how many votes did the green candidate get?');
    expect(lowercase.status).toBe('answered');
    expect(lowercase.answer).toBe('311');
  });
});

describe('a party asked', () => {
  it('is not answered by a span naming none, and a party is no place', () => {
    expect(cardiff.engine().ask('which party does council leader Rhodri Bevan belong to?').status).toBe('unknown');
    const where = wexcombe.engine().ask('Where are the votes going to be counted?');
    expect(where.answer ?? '').not.toMatch(/Lib Dems|Labour|Conservative/);
  });
});

describe('a time of day asked', () => {
  it('is not answered by "last week"', () => {
    const time = brackenport.engine().ask('What time was the result finally announced?');
    expect(time.answer ?? '').not.toBe('last week');
  });
});

describe('what has happened, and a margin asked', () => {
  it('is not dated after its article: "by 2030" does not answer "When was he appointed?"', () => {
    expect(hospitals.engine().ask('When was Daniel Whitcombe appointed minister for hospitals?').status).toBe(
      'unknown',
    );
  });
  it('is not answered by a claim that states no margin ("106 target seats")', () => {
    const r = carrow.engine().ask('what was the winning margin in the end');
    expect(r.answer ?? '').not.toBe('106');
  });
});

describe('a year asked', () => {
  it('is said by the answer’s sentence, a neighbour, or its article’s date', () => {
    // A 2026 by-election's "87 votes" is no answer for 2024.
    expect(carrow.engine().ask('how many votes did northern voice get in carrow hill in 2024').status).toBe('unknown');
    // A year that bounds the time asked need not be said: the seed's "ending 13 years of Labour rule".
    const before = carrow.engine().ask('How long had Labour been in government before 2010?');
    expect(before.status).toBe('answered');
    expect(before.answer).toMatch(/13 years/);
  });
});
