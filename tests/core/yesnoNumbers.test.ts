/**
 * A yes/no question that names a number ("clause 4", "£120,000") is about that one (lanes/sentences.ts, session
 * 17): a sentence about another clause is no evidence, whatever else it shares with the question, while a reply
 * next to the sentence that states the number ("The council said it had not offered Shelterwise any money.")
 * still counts as the other side. An invented article (tests/fixtures/yesno/housing-bill-clauses.txt) over the
 * seed.
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const fixture = fixtureServicesForFile('tests/fixtures/yesno/housing-bill-clauses.txt', 'whip-yesno-numbers-');

describe('a number the yes/no question names', () => {
  it('a sentence about another clause does not answer it', () => {
    const r = fixture.engine().ask('Is the government going to give up clause 4?');
    expect(r.status).toBe('unknown');
    expect(r.answer).toBeNull();
  });

  it('the sentence that states it does', () => {
    const r = fixture.engine().ask('Is the government going to give up clause 9?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^Yes\b/);
    expect(r.citations[0]?.quote).toMatch(/give up clause 9/);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });

  it('a denial next to the sentence that states it is still the other side (it need not repeat the number)', () => {
    const r = fixture.engine().ask('Did the council offer Shelterwise £120,000 on 3 June?');
    expect(r.status).toBe('contested');
    expect(r.text).toMatch(/offered it £120,000 on 3 June/);
    expect(r.text).toMatch(/had not offered Shelterwise any money/);
  });
});
