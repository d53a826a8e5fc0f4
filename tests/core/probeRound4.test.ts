/**
 * Session 20, probe round 4 (tests/fixtures/probes/session20, development material): what the invented articles
 * found wrong, fixed. Each article is asked in a knowledge base of its own, as the probe runner asked it.
 */
import { describe, expect, it } from 'vitest';
import { ownedPost } from '../../src/core/answer/lanes/roles.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const party = fixtureServicesForFile('tests/fixtures/probes/session20/d1.txt', 'whip-r4-party-');
const buses = fixtureServicesForFile('tests/fixtures/probes/session20/d2.txt', 'whip-r4-buses-');
const inquiry = fixtureServicesForFile('tests/fixtures/probes/session20/d3.txt', 'whip-r4-inquiry-');
const byelection = fixtureServicesForFile('tests/fixtures/probes/session19/b1.txt', 'whip-r4-byelection-');

describe('quotes after a surname or a named object', () => {
  it('“…,” he said after "Delaney conceded defeat" is Marcus Delaney’s', () => {
    const r = byelection.engine().ask('Who said that protest votes tend to come home at a general election?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Marcus Delaney');
    for (const c of r.citations) expect(isVerbatim(c.quote, byelection.text())).toBe(true);
  });

  it('“…,” she said after "Ms Ellison told MPs … the leader, Daniel Okafor, …" is Ms Ellison’s', () => {
    const r = party.engine().quotes({ speaker: 'Daniel Okafor' });
    expect(r.text).not.toMatch(/We cannot run a country/);
    expect(party.engine().quotes({ speaker: 'Ellison' }).text).toMatch(/We cannot run a country/);
  });
});

describe('replies that must be of the kind asked', () => {
  it('"How much is Thornbury getting?" is never a name', () => {
    const r = buses.engine().ask('How much is Thornbury getting?');
    expect(r.answer ?? '').not.toMatch(/Adebayo/);
    if (r.status === 'answered') expect(r.answer).toMatch(/\d/);
  });

  it('a post followed by a relative clause is still the post', () => {
    const r = buses.engine().ask('Who is the transport secretary who announced the bus money?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Alison Thorne');
  });
});

describe('yes/no questions whose verb the evidence lacks', () => {
  it('"Did Daniel Okafor ask for the rule change?" is the spokesperson’s denial, not contested by a vote', () => {
    const r = party.engine().ask('Did Daniel Okafor ask for the rule change?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.citations[0]?.quote).toMatch(/denied that the leader had asked for the rule change/);
  });

  it('"Did Pemberton say …?" is not answered by what the treasurer warned', () => {
    const r = party.engine().ask('Did Pemberton say the change would entrench a closed shop at the top of the party?');
    expect(r.answer ?? '').not.toMatch(/^Yes/);
    // Session 21: the treasurer's words are hers ("…, Priya Raman, who warned that … “…”"), so the reply says so.
    expect(r.answer).toBe('No — that was Priya Raman');
  });
});

describe('a post of a named owner the entity recogniser missed (session 21)', () => {
  it('"Who is the leader of the Civic Party?" reads "the leader, Daniel Okafor" in the article naming the party', () => {
    const r = party.engine().ask('Who is the leader of the Civic Party?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Daniel Okafor');
    expect(r.citations[0]?.quote).toMatch(/against the leader, Daniel Okafor/);
    for (const c of r.citations) expect(isVerbatim(c.quote, party.text())).toBe(true);
  });

  it('the possessive form asks the same: "the Civic Party’s treasurer" is "the party’s treasurer, Priya Raman"', () => {
    const r = party.engine().ask("Who is the Civic Party's treasurer?");
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Priya Raman');
  });

  it('a former deputy leader is not the deputy leader', () => {
    const r = party.engine().ask('Who is the deputy leader of the Civic Party?');
    expect(r.answer ?? '').not.toMatch(/Pemberton/);
  });

  it('an owner the article never names is not answered by its posts', () => {
    const r = party.engine().ask('Who is the treasurer of the Green Party?');
    expect(r.answer ?? '').not.toMatch(/Raman/);
  });

  it('a kinship is no post: ownedPost reads posts and owners, never "son" or any noun', () => {
    expect(ownedPost(['leader', 'of', 'civic', 'party'])).toEqual({ post: ['leader'], owner: ['civic', 'party'] });
    expect(ownedPost(['civic', 'party', 's', 'treasurer'])).toEqual({ post: ['treasurer'], owner: ['civic', 'party'] });
    expect(ownedPost(['chief', 'whip', 'of', 'the', 'civic', 'party'])?.post).toEqual(['chief', 'whip']);
    expect(ownedPost(['ayurbarwada', 's', 'son'])).toBeUndefined();
    expect(ownedPost(['son', 'of', 'ayurbarwada'])).toBeUndefined();
    expect(ownedPost(['housing', 'policy', 'of', 'civic', 'party'])).toBeUndefined();
    expect(ownedPost(['leader'])).toBeUndefined();
  });
});

describe('figures nobody disputes are answered, figures disputed stay contested (session 21)', () => {
  it('"How many witnesses …?" is 14, not contested by a later sentence that disputes something else', () => {
    const r = inquiry.engine().ask('How many witnesses gave evidence to the committee?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('14');
  });

  it('"How much has the inquiry cost so far?" is not contested by "Nobody disputes that …"', () => {
    const r = inquiry.engine().ask('How much has the inquiry cost so far?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/£21\.4 million/);
  });

  it('"31 MPs …, but Ms Ellison’s office disputed that figure …" is still contested', () => {
    const r = party.engine().ask('How many MPs signed the letter against the change?');
    expect(r.status).toBe('contested');
    expect(r.text).toMatch(/22 MPs/);
  });
});
