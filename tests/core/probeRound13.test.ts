/**
 * Session 25, probe round 13 (tests/fixtures/probes/round13, scored blind twice in session 24 at 34/60, read at its
 * end) and the yes/no misses of rounds 2–13 (4 of every 10 answerable yes/no questions went unanswered, most of them
 * a "No" the article states). Each article is asked in a knowledge base of its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { splitFigureDispute } from '../../src/core/answer/rebuttal.js';
import { reportedSource } from '../../src/core/nlp/attribution.js';
import { fixtureServicesForFile, polarityOf } from './helpers.js';

const hospitals = fixtureServicesForFile('tests/fixtures/probes/session19/b2.txt', 'whip-r13-hospitals-');
const council = fixtureServicesForFile('tests/fixtures/probes/round13/n3.txt', 'whip-r13-council-');
const water = fixtureServicesForFile('tests/fixtures/probes/round6/f1.txt', 'whip-r13-water-');

const polarity = polarityOf;

describe('a yes/no whose best sentence is unsure', () => {
  it('is answered by a close sentence that denies it', () => {
    // The best sentence supposes it ("could be required to issue a section 114 notice"); the next says it has not.
    const r = council.engine().ask('Has Glanferin issued a section 114 notice?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.citations.map((c) => c.quote).join(' ')).toContain('has not issued such a notice');
  });
});

describe('an indirect question answered in its own sentence', () => {
  it('reads the reply\'s auxiliary: "said he would not" is a no, "said it would" a yes', () => {
    const pressed = 'Pressed repeatedly on whether he would hand back any of his bonus, Mr Oakhurst said he would not.';
    expect(polarity('Will Oakhurst hand back his bonus?', pressed)).toBe('no');
    expect(
      polarity(
        'Will the council appeal the ruling?',
        'Asked if the council would appeal the ruling, the leader said it would.',
      ),
    ).toBe('yes');
  });
  it('reads a quoted yes or no given as the reply ("she replied: “No. Full stop.”"), not "no comment"', () => {
    const asked = 'Will the Tories put a wealth tax in their next manifesto?';
    expect(
      polarity(
        asked,
        'Asked whether a wealth tax would feature in the party’s next manifesto, she replied: “No. Full stop.',
      ),
    ).toBe('no');
    expect(
      polarity(asked, 'Asked whether a wealth tax would feature in the next manifesto, she said: “No comment.”'),
    ).toBe('unsure');
  });
  it('stays unsure when the reply says something else, or nothing is answered', () => {
    expect(
      polarity(
        'Will the council appeal the ruling?',
        'Asked if the council would appeal the ruling, the leader said she did not know.',
      ),
    ).toBe('unsure');
    expect(
      polarity('Will the council appeal the ruling?', 'It is unclear whether the council will appeal the ruling.'),
    ).toBe('unsure');
  });
  it('answers in the engine', () => {
    const r = water.engine().ask('is the chief exec handing back his bonus');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
});

describe('a figure and its dispute in one sentence, by apposition', () => {
  const gap =
    'The council puts the gap in its budget over the next three years at £38.6m, a figure the Unison branch at the authority says has been inflated and puts closer to £27m.';
  it('splits "X at £38.6m, a figure the union says … closer to £27m" into two sides with their figures', () => {
    const split = splitFigureDispute(
      {
        text: gap,
        quantities: [
          { text: '£38.6m', kind: 'money', unit: '' },
          { text: '£27m', kind: 'money', unit: '' },
        ],
        dates: [],
      },
      '£38.6m',
    );
    expect(split?.figures).toEqual(['£38.6m', '£27m']);
    expect(split?.halves[1]).toMatch(/^a figure the Unison branch/);
    // An apposition that names no other source's figure is no dispute.
    const plain = splitFigureDispute(
      {
        text: 'The council puts the gap at £38.6m, a figure that is the largest in Wales.',
        quantities: [{ text: '£38.6m', kind: 'money', unit: '' }],
        dates: [],
      },
      '£38.6m',
    );
    expect(plain).toBeUndefined();
  });
  it('answers "how big is the gap?" contested, with both figures', () => {
    const r = council.engine().ask("How big is Glanferin's budget gap over the next three years?");
    expect(r.status).toBe('contested');
    expect(r.answer).toMatch(/£38\.6m/);
    expect(r.answer).toMatch(/£27m/);
  });
});

describe("a speaker after a clause of the narrator's", () => {
  it('is the name after ", and", not the whole clause; a list of names keeps its "and"', () => {
    expect(
      reportedSource(
        'The council has not issued such a notice, and Ms Vaughan-Price said she was confident that it would not need to.',
      )?.description,
    ).toBe('Ms Vaughan-Price');
    expect(reportedSource('Ridgeway Buses and Cllr Ashdown-Reyes say the timetable is unrealistic.')?.description).toBe(
      'Ridgeway Buses and Cllr Ashdown-Reyes',
    );
  });
  it('is cited as the speaker of the denial', () => {
    const r = council.engine().ask('Has Glanferin issued a section 114 notice?');
    expect(r.citations[0]?.attribution).toBe('according to Ms Vaughan-Price');
  });
});

describe("a reporting lead that is a clause of the narrator's (a sweep of every development and probe article)", () => {
  const who = (sentence: string) => reportedSource(sentence)?.description;
  it('names the speaker after the clause, or before an auxiliary or a second reporting verb', () => {
    expect(
      who('Three Tory councillors abstained, and a senior Conservative source on the council said the vote was lost.'),
    ).toBe('a senior Conservative source on the council');
    expect(
      who("Councillors approved the maximum permitted increase as the county's leader warned of worse to come."),
    ).toBe("the county's leader");
    expect(who('Mr Varley would not say whether he would stand in the by-election.')).toBe('Mr Varley');
    expect(
      who(
        'In a report published on Thursday, Holyrood’s Public Inquiries Scrutiny Committee said the inquiry had failed.',
      ),
    ).toBe('Holyrood’s Public Inquiries Scrutiny Committee');
  });
  it('names nobody for a passive or a clause with no speaker in it', () => {
    expect(
      who('The mayor of the Ambervale Combined Authority has been accused of keeping councillors in the dark.'),
    ).toBe(undefined);
    expect(who('Her authority will receive £64 million, which she said would protect 85 routes.')).toBe(undefined);
    expect(who('Not one of the rebuilds is finished, and your own officials cannot tell us when.')).toBe(undefined);
  });
  it('keeps a speaker described by a relative clause', () => {
    expect(who('A senior Conservative MP who has not yet declared for any candidate said the race was open.')).toBe(
      'A senior Conservative MP who has not yet declared for any candidate',
    );
    expect(
      who('One Labour MP who voted against the government, and who asked not to be named, said the whips had lied.'),
    ).toBe('One Labour MP who voted against the government, and who asked not to be named');
    expect(who('Campaigners who backed the petition said the turnout showed that voters wanted change.')).toBe(
      'Campaigners who backed the petition',
    );
  });
});

describe('a yes/no read off a sentence whose subject is a pronoun', () => {
  it('is about whom the article was talking about, though the sentence names others later', () => {
    // "He also denied that the programme was being quietly scaled back, after a Department of Health and Social Care
    // source said …": the capitals after the asked words had made it "said of someone else".
    const r = hospitals.engine().ask('Did the minister deny that the programme was being quietly scaled back?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^Yes\b/);
  });
});
