/**
 * Session 27, probe round 16 (tests/fixtures/probes/round16, written at session 26, scored blind four times — 27, 31,
 * 31, 32 of 60 — then read at session 27's start). Each article is asked in a knowledge base of its own with the seed,
 * as eval/probeScore.ts asks it; the general rules are checked on sentences of their own too.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleInfo } from '../../src/core/answer/knowledge.js';
import { disputesFigureBetween, splitApposedDispute } from '../../src/core/answer/rebuttal.js';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { fixtureServicesForFile, polarityOf } from './helpers.js';

const radios = fixtureServicesForFile('tests/fixtures/probes/round16/p1.txt', 'whip-r16-radios-');
const ferries = fixtureServicesForFile('tests/fixtures/probes/round16/p2.txt', 'whip-r16-ferries-');
const fine = fixtureServicesForFile('tests/fixtures/probes/round16/p3.txt', 'whip-r16-fine-');
const council = fixtureServicesForFile('tests/fixtures/disputes/apposed-dispute.txt', 'whip-r16-apposed-');

const polarity = polarityOf;

describe('what was chosen instead of what is asked', () => {
  it('"rather than appeal" is a No to "will they appeal?"', () => {
    expect(
      polarity('Will the party appeal the fine?', 'The party said it would pay the fine in full rather than appeal.'),
    ).toBe('no');
    expect(polarity('Will the party appeal the fine?', 'The party will appeal rather than pay the fine.')).toBe('yes');
    expect(
      polarity('Will the party pay the fine?', 'The party said it would pay the fine in full rather than appeal.'),
    ).toBe('yes');
    const r = fine.engine().ask('Is the party going to challenge the fine on appeal');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
  it('"instead of" too', () => {
    expect(
      polarity(
        'Will the council sell the library?',
        'The council will lease the building instead of selling the library.',
      ),
    ).toBe('no');
  });
});

describe('a call for something', () => {
  it('is not its happening: "called for a replacement vessel to be leased" says nothing of one found', () => {
    expect(
      polarity(
        'Has a replacement vessel been leased?',
        'The council leader called for a replacement vessel to be leased while the ferry was repaired.',
      ),
    ).toBe('unsure');
    expect(
      polarity('Has a replacement vessel been leased?', 'A replacement vessel has been leased for the winter.'),
    ).toBe('yes');
    const r = ferries.engine().ask('has the government found a ship to lease as a stopgap');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
});

describe('a clause matched only through a synonym', () => {
  it('does not stand against the clause saying the asked word: "has no MPs but holds 27 council seats"', () => {
    const r = fine.engine().ask('Does Northern Voice have any MPs?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
});

describe('"get through" is passing', () => {
  it('so "failed sea trials" is a No to "did it get through its sea trials?"', () => {
    expect(
      polarity('Did the ferry get through its sea trials?', 'The ferry’s engines failed sea trials in September.'),
    ).toBe('no');
    const r = ferries.engine().ask('Did the Glen Fada get through its sea trials?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
});

describe('people described by the post asked about', () => {
  it('are not its holder: "Allies of the first minister" does not answer "Who is the first minister?"', () => {
    const r = ferries.engine().ask("Who is Scotland's first minister?");
    expect(r.status).toBe('unknown');
    // The post's holder named in the same article still answers.
    const t = ferries.engine().ask('Who is the transport secretary?');
    expect(t.status).toBe('answered');
    expect(t.answer).toContain('Morag Lindsay');
  });
});

describe('a post in another body', () => {
  it('"the commission\'s director" is not "the party\'s finance director"', () => {
    expect(fine.engine().ask("Who is the party's new finance director?").status).toBe('unknown');
    const own = fine.engine().ask("Who is the commission's director of political finance and regulation?");
    expect(own.status).toBe('answered');
    expect(own.answer).toContain('Louise Farrant');
  });
});

describe('what the narrator says of a claimant', () => {
  it('is not disputed by a rebuttal of the claim: "Greaves, who stood down in October 2025, said he had warned …"', () => {
    const r = fine.engine().ask('When did Martin Greaves step down as treasurer?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('October 2025');
    // The claim itself is still contested.
    const w = fine.engine().ask('did the ex-treasurer warn party bosses in writing about problems with record-keeping');
    expect(w.status).toBe('contested');
  });
});

describe('"difficult to maintain" and a pointer back', () => {
  it('dispute nothing after them: the £140m is answered', () => {
    const r = radios.engine().ask("how much is it costing to keep the army's current radios running for longer");
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('£140m');
    // The £2.1bn that "Okafor disputed that figure" points at is still contested.
    const total = radios
      .engine()
      .ask('What could the final cost of Project Kestrel reach, according to internal estimates?');
    expect(total.status).toBe('contested');
  });
  it('a "that figure" before the answer points further back, never at it', () => {
    const sentences = [
      'The committee said the cost could reach £2.1bn.',
      'Okafor disputed that figure, saying the total was £1.65bn.',
      'The army spent £140m extending the old radios.',
    ].map((text, i) => ({ text, i, p: i, part: 'body' }));
    const ss = sentences as unknown as ArticleInfo['analysis']['sentences'];
    expect(disputesFigureBetween(ss, 2, 1, '£140m')).toBe(true);
    // Pointing at the answer restated before it: that is the answer disputed.
    expect(disputesFigureBetween(ss, 2, 1, '£2.1bn')).toBe(false);
  });
});

describe('a claim disputed by an apposition in its own sentence', () => {
  it('splits into the claim and who rebuts it', () => {
    const d = splitApposedDispute(
      'The Lib Dems also claimed that the council was “on the brink of bankruptcy”, a charge disputed by the council’s chief finance officer, Jane Moss.',
    );
    expect(d?.halves[0]).toBe('The Lib Dems also claimed that the council was “on the brink of bankruptcy”');
    expect(d?.disputer).toBe('the council’s chief finance officer, Jane Moss');
    expect(
      splitApposedDispute(
        'Hale warned that 120 jobs would go, a figure the Labour group dismissed as “scaremongering”.',
      )?.disputer,
    ).toBe('the Labour group');
    // An apposition that disputes nothing: "a figure that includes …".
    expect(splitApposedDispute('Hale said 120 jobs would go, a figure that includes agency staff.')).toBeUndefined();
  });
  it('makes the claim contested, with both sides; who rebuts it is still answered', () => {
    const yes = council.engine().ask('Is Harrowfield council on the brink of bankruptcy?');
    expect(yes.status).toBe('contested');
    expect(yes.text).toContain('Jane Moss');
    const jobs = council.engine().ask('How many jobs would go if the grant was cut?');
    expect(jobs.status).toBe('contested');
    expect(jobs.answer).toBe('120');
    expect(jobs.text).toContain('the Labour group');
    const who = council.engine().ask('Who disputed the charge that the council was on the brink of bankruptcy?');
    expect(who.status).toBe('answered');
    expect(who.answer).toBe('Jane Moss');
    const round16 = ferries.engine().ask('How many jobs would Inverlair lose if the Glen Fada work went elsewhere?');
    expect(round16.status).toBe('contested');
  });
  it('a claim named after a quote is not its speaker', async () => {
    const a = await analyseArticle(
      'The Lib Dems also claimed that the council was “on the brink of bankruptcy”, a charge disputed by its finance chief.',
    );
    expect(a.sentences[0]?.text).toContain('bankruptcy');
    expect(a.sentences[0]?.source?.description ?? '').not.toMatch(/charge/);
  });
});
