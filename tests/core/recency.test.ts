/**
 * A curated claim is true as of its article (session 22): about today, an article that states a later date answers,
 * the claim shown as what was true before; an undated article (whose date is only the day it was ingested) does not
 * override anything. Fixtures written for these tests (tests/fixtures/recency), each asked with the seed.
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const dated = fixtureServicesForFile('tests/fixtures/recency/election-date.txt', 'whip-recency-dated-');
const undated = fixtureServicesForFile('tests/fixtures/recency/undated-leader.txt', 'whip-recency-undated-');

describe('later evidence over an earlier curated claim', () => {
  it('"When is the next general election?": the dated article’s answer, the claim shown as earlier', () => {
    const r = dated.engine().ask('when is the next general election');
    expect(r).toMatchObject({ status: 'answered', answer: '2 May 2030', asOf: '3 March 2026' });
    expect(r.text).toMatch(/Earlier \(as of April 2014.*\): The next general election is in May 2015/);
    expect(isVerbatim(r.citations[0]?.quote ?? '', dated.text())).toBe(true);
    expect(r.citations.at(-1)?.asOf).toMatch(/April 2014/);
  });

  it('a question about a year, a scenario or a hypothesis keeps the claim', () => {
    expect(dated.engine().ask('who would be DPM under Lib-Lab?').answer).toBe('Nick Clegg');
    expect(dated.engine().ask('when was the general election expected in 2014?').answer).not.toBe('2 May 2030');
  });

  it('an undated article describing another Labour leader does not override the claim', () => {
    const r = undated.engine().ask('who is the labour leader');
    expect(r.answer).toBe('Ed Miliband');
  });
});
