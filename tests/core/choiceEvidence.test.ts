/**
 * Alternative questions over an invented article (tests/fixtures/choice/depot-talks.txt, ingested into a fresh
 * store over the seed KB), for what session 17 changed in lanes/choice.ts and answer/choice.ts:
 * - a manner idiom WordNet does not list is stated by the one word for it ("behind closed doors" by "privately",
 *   "in public" by "publicly");
 * - a multi-word alternative is stated only by a sentence holding every one of its words ("close to" does not say
 *   "behind closed doors");
 * - a sentence naming one alternative is weighed by how much of the *rest* of the question it covers (the
 *   alternatives' own words, and the "one" of "an open one or a secret one", are not what is asked);
 * - the alternative a source states and another source next to it disputes is contested, not an answer.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/answer/engine.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const fixture = fixtureServicesForFile('tests/fixtures/choice/depot-talks.txt', 'whip-choice-evidence-');

const ask = (q: string) => fixture.engine().ask(q);

describe('the way a thing was done, said another way', () => {
  it('"privately" states "behind closed doors"', () => {
    for (const q of [
      'Is Cllr Orme negotiating with Tessaly Freight in public or behind closed doors?',
      'Has Nadia Orme been negotiating over the depot behind closed doors or in public?',
    ]) {
      const r = ask(q);
      expect(r.status, q).toBe('answered');
      expect(r.answer, q).toBe('Behind closed doors');
      expect(r.citations[0]?.quote).toMatch(/negotiating privately/);
      for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
    }
  });

  it('"publicly" states "in public", and "close to" does not state "behind closed doors"', () => {
    // The sentence holds "close" and "publicly": only the second says how Mr Pell backed the bid.
    const r = ask('Did Graham Pell back the Harbour Trust bid in public or behind closed doors?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('In public');
    expect(r.citations[0]?.quote).toMatch(/publicly backed a rival bid/);
  });

  it('the name before an adverb is what the verb is about, not part of the alternative', () => {
    // (The seed's people are in this knowledge base: "Clegg" is a name the parser knows.)
    const q = 'Is Ed drawing up his plan for Clegg openly or behind closed doors?';
    const alts = parseQuestion(q, (fixture.engine() as Engine).k).alternatives?.map((a) => a.text);
    expect(alts).toEqual(['openly', 'behind closed doors']);
  });
});

describe('what the question asks apart from the alternatives', () => {
  it('"an open one or a secret one": the placeholder is not asked about', () => {
    const r = ask('Is the plan an open one or a secret one?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Secret');
    // ("One shadow Cabinet minister …" in the seed covers the question's "one"s better than any sentence here.)
    expect(r.citations[0]?.quote).toMatch(/secret plan/);
  });
});

describe('an alternative one source states and another disputes', () => {
  it('is contested, with the claim and the dispute each quoted with its source', () => {
    const r = ask('Is the surplus down to real savings or to selling land?');
    expect(r.status).toBe('contested');
    expect(r.text).toMatch(/surplus came from selling land/);
    expect(r.text).toMatch(/The council rejected the report/);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });
});
