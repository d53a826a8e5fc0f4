/**
 * Session 20, probe round 5 (tests/fixtures/probes/session20/e1–e3, scored once before it was read, development
 * material since): what it found wrong, fixed.
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const health = fixtureServicesForFile('tests/fixtures/probes/session20/e3.txt', 'whip-r5-health-');
const byelection = fixtureServicesForFile('tests/fixtures/probes/session20/e1.txt', 'whip-r5-byelection-');

describe('a post asked with a qualifier the article leaves to its context', () => {
  it('"Who is the Welsh health secretary?" in a Welsh article writing "the health secretary, Carys Pritchard"', () => {
    const r = health.engine().ask('who is the welsh health secretary');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Carys Pritchard');
    expect(r.citations[0]?.quote).toMatch(/the health secretary, Carys Pritchard/);
  });

  it('not another qualifier the article never uses, nor a shadow post, nor the opposition spokesperson', () => {
    expect(health.engine().ask('Who is the Scottish health secretary?').answer ?? '').not.toMatch(/Pritchard|Bevan/);
    expect(health.engine().ask('Who is the shadow health secretary?').answer ?? '').not.toMatch(/Pritchard/);
  });
});

describe('a yes/no question read in the clause that says what it asks happened', () => {
  it('"would not rule out sending patients …, but said no contracts had yet been signed" is a no', () => {
    const r = health.engine().ask('has wales signed contracts with private hospitals in england');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.answer).toMatch(/no contracts had yet been signed/);
  });
});

describe('who said it, named in full', () => {
  it('"“…,” Ms Qureshi said" answers with the one person the KB knows by that surname', () => {
    const r = byelection.engine().ask('who said the two horse race in askerby is over');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Rehana Qureshi');
    // The text keeps the speaker as the article wrote her.
    expect(r.text).toMatch(/Ms Qureshi said it/);
  });
});

describe('who asked, not who was asked', () => {
  it('"Mr Bevan called on Ms Pritchard to publish monthly progress reports" does not make her the one who asked', () => {
    const r = health.engine().ask('who asked for monthly progress reports');
    expect(r.answer ?? '').not.toMatch(/Pritchard/);
  });
});

describe('"Did X say …?" about words someone else said (session 21)', () => {
  const renters = fixtureServicesForFile('tests/fixtures/probes/session20/e2.txt', 'whip-r5-renters-');

  it('"did okafor say good landlords would sell up …" is "No — that was Graham Pennock", citing his words', () => {
    const r = renters.engine().ask('did okafor say good landlords would sell up if the bill was rushed');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('No — that was Graham Pennock');
    expect(r.text).toMatch(/not Daniel Okafor/);
    expect(r.citations[0]?.quote).toMatch(/good landlords sell up/);
    expect(isVerbatim(r.citations[0]?.quote ?? '', renters.text())).toBe(true);
  });

  it('a reported sentence counts as the speaker’s words: "did ashworth say … taken for granted?"', () => {
    const r = byelection.engine().ask('did ashworth say people in carrow hill had been taken for granted?');
    expect(r.answer).toBe('No — that was Dawn Pilkington');
  });

  it('never "No" to the person who said it, nor to a question naming no words to look up', () => {
    const own = renters.engine().ask('Did Graham Pennock say good landlords would sell up if the bill was rushed?');
    expect(own.answer ?? '').not.toMatch(/^No/);
    expect(renters.engine().ask('Did Okafor say that?').answer ?? '').not.toMatch(/that was/);
  });
});

describe('a post of a named owner, "for" or "of", the owner an entity (session 21)', () => {
  const renters = fixtureServicesForFile('tests/fixtures/probes/session20/e2.txt', 'whip-r5-renters2-');

  it('"who was the returning officer for the askerby by-election" reads "The returning officer, Claire Mottram,"', () => {
    const r = byelection.engine().ask('who was the returning officer for the askerby by-election');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Claire Mottram');
    expect(r.citations[0]?.quote).toMatch(/The returning officer, Claire Mottram/);
  });

  it('"its chief executive, Graham Pennock" for the federation the article names', () => {
    const r = renters.engine().ask('who is the chief executive of the residential lettings federation');
    expect(r.answer).toBe('Graham Pennock');
  });
});
