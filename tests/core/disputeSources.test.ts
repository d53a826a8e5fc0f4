/**
 * Session 27: who is on each side of a dispute. A person does not dispute themselves under another description; a
 * denial of what nobody claimed disputes nothing; a sentence naming its own speaker before a quoted fragment is that
 * speaker's (probe rounds 3 and 8, read).
 */
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { fixtureServicesForFile } from './helpers.js';

const fuel = fixtureServicesForFile('tests/fixtures/probes/session19/c1.txt', 'whip-sides-fuel-');
const trust = fixtureServicesForFile('tests/fixtures/probes/round8/h2.txt', 'whip-sides-trust-');
const wales = fixtureServicesForFile('tests/fixtures/probes/round9/j1.txt', 'whip-sides-wales-');
const charge = fixtureServicesForFile('tests/fixtures/probes/session19/c2.txt', 'whip-sides-charge-');
const inquiry = fixtureServicesForFile('tests/fixtures/probes/session20/d3.txt', 'whip-sides-inquiry-');

describe('a denial of what the question asks', () => {
  it('is no rebuttal of a claim that says none of it: "denied that taxes would rise" after a cost estimate', () => {
    const r = fuel.engine().ask('Did Ashworth say taxes would go up to pay for restoring the payment?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
  it('worded otherwise than the question still answers the claim it follows: "denied that he had issued an ultimatum"', () => {
    expect(wales.engine().ask('Did Vaughan threaten to resign?').status).toBe('contested');
  });
});

describe('a sentence that names its own speaker before a quoted fragment', () => {
  it("is that speaker's, not the paragraph's subject's", async () => {
    const a = await analyseArticle(
      'The health minister, Simon Arkwright, said the trust had been given £18m. “This is new money,” he said. Joanna Pryce, the MP for Calder Valley West, disputed that account, saying the £18m had been “moved from the capital budget”.',
    );
    const pryce = a.sentences.find((s) => s.text.startsWith('Joanna Pryce'));
    expect(pryce?.source).toEqual({ kind: 'named', description: 'Joanna Pryce' });
    // The same person under another description keeps the quote's own attribution.
    const he = a.sentences.find((s) => s.text.includes('This is new money'));
    expect(he?.source?.description ?? '').toContain('Arkwright');
  });
  it('so the minister and the MP are two sides', () => {
    expect(trust.engine().ask('is the £18m actually new money').status).toBe('contested');
  });
});

describe('a sentence that turns only by its opener', () => {
  it('turns from the sentence right before it, not from a claim a paragraph back', () => {
    // "However, he found that the combined authority had failed …" follows the judge's own ruling; the
    // consultation's figures a paragraph before are nobody's side of it.
    const r = charge.engine().ask('Did most people who responded to the consultation oppose the scheme?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^Yes\b/);
  });
});

describe("a question about someone's stance towards a claim", () => {
  it('is answered by their own rebuttal: a No, not contested', () => {
    const r = inquiry.engine().ask('Did Lady Ogilvie accept that the inquiry was slow to start its hearings?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.answer).toContain('Ogilvie');
  });
});
