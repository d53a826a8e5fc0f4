/**
 * Session 23, probe round 10 (tests/fixtures/probes/round10, scored once before it was read: 29/60, traps 10/12, 15
 * wrong answers; development material since): what it found wrong, fixed. Each article is asked in a knowledge base of
 * its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { deniedClaimant } from '../../src/core/answer/polarity.js';
import { rebuttingAgent } from '../../src/core/answer/rebuttal.js';
import { analyseArticle, descriptionsIn } from '../../src/core/nlp/analyse.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const land = fixtureServicesForFile('tests/fixtures/probes/round10/k1.txt', 'whip-r10-land-');
const byelection = fixtureServicesForFile('tests/fixtures/probes/round10/k2.txt', 'whip-r10-byelection-');
const leak = fixtureServicesForFile('tests/fixtures/probes/round10/k3.txt', 'whip-r10-leak-');

describe('yes/no disputes round 10 found', () => {
  it('a denial of a named claimant’s claim is contested, her own words the yes side', () => {
    expect(deniedClaimant("The spokesperson also rejected Ms Strachan's claim that many would be caught.")).toBe(
      'Ms Strachan',
    );
    expect(deniedClaimant("He rejected the party's claim that many would be caught.")).toBeUndefined();
    const r = land.engine().ask('Will small family businesses get caught by the new rules?');
    expect(r.status).toBe('contested');
    const yes = r.sides?.find((s) => s.label === 'Yes');
    const no = r.sides?.find((s) => s.label === 'No');
    expect(yes?.citations[0]?.quote).toContain('many of those are small family businesses');
    expect(no?.citations[0]?.quote).toContain("rejected Ms Strachan's claim");
    for (const side of r.sides ?? [])
      for (const c of side.citations) expect(isVerbatim(c.quote, land.text())).toBe(true);
  });

  it('a claim rejected in the next sentence contests a yes/no (a typed span of the claim no longer stops it)', () => {
    const r = byelection.engine().ask('is the council planning to shut Northfleet Green library');
    expect(r.status).toBe('contested');
    const [claim, disputed] = r.sides ?? [];
    // "She added that …" is Ms Raman's (the last speaker); the passive rebuttal is its agent's.
    expect(claim?.citations[0]?.attribution).toMatch(/Ms Raman/);
    expect(disputed?.citations[0]?.attribution).toMatch(/Janet Brook/);
    expect(rebuttingAgent('That claim was rejected by the cabinet member for culture, Janet Brook, who said no.')).toBe(
      'the cabinet member for culture, Janet Brook',
    );
  });

  it('a disputed figure does not contest a yes/no that states no number', () => {
    // The row over 420 estates is no answer to whether the landowners will go to court.
    const r = land.engine().ask('Are the landowners threatening to take the government to court?');
    expect(r.status).not.toBe('contested');
  });
});

describe('who someone is, round 10', () => {
  it('"Its chief executive" is the body that spoke just before, not an organisation its relative clause names', () => {
    expect(land.engine().ask('What does Fiona Strachan do?').answer).toBe("Scottish Rural Estates' chief executive");
    expect(leak.engine().ask('What does Gareth Lloyd do?').answer).toBe(
      "the Hospital Trusts Alliance's chief executive",
    );
  });

  it('a preposition’s object before a name describes it only when it names a post', () => {
    expect(descriptionsIn('Ms Raman', 'Speaking after the declaration, Ms Raman said voters were tired.')).toEqual([]);
    expect(
      descriptionsIn(
        'Katherine Osei',
        'The report upheld the finding of the Parliamentary Commissioner for Standards, Katherine Osei, that he lobbied.',
      ),
    ).toEqual(['the Parliamentary Commissioner for Standards']);
    expect(byelection.engine().ask('what does priya raman do for a living').answer).toBe('a 34-year-old pharmacist');
  });

  it('"He said …" after a sentence naming one person is that person’s', () => {
    const r = land.engine().ask('who said the party would repeal its key sections');
    expect(r).toMatchObject({ status: 'answered', answer: 'Graham Kerr' });
  });

  it('"She said …" opening a paragraph is the last speaker’s, unless a title says otherwise', async () => {
    const r = leak.engine().ask('What did Helen Ashworth say would happen to the health capital budget?');
    expect(r.status).toBe('answered');
    expect(r.citations[0]?.quote).toMatch(/^She said the health capital budget would rise/);
    expect(r.citations[0]?.attribution).toMatch(/Ashworth/);
    const sourceOf = async (text: string) => (await analyseArticle(text)).sentences.at(-1)?.source?.description;
    expect(await sourceOf('“We will not budge,” Ms Ashworth said.\n\nShe said the budget would rise.')).toBe(
      'Ms Ashworth',
    );
    expect(await sourceOf('“We will not budge,” Mr Reid said.\n\nShe said the budget would rise.')).toBeUndefined();
    expect(
      await sourceOf('“We will not budge,” Ms Ashworth said of Mr Reid.\n\nShe said the budget would rise.'),
    ).toBeUndefined();
  });
});

describe('replies of the kind asked, round 10', () => {
  it('a vote at another stage, a count of another thing, the question put to a speaker: unknown, not a guess', () => {
    expect(land.engine().ask('What was the result of the stage 1 vote on the land reform bill?').status).toBe(
      'unknown',
    );
    expect(land.engine().ask('What was the result of the stage 3 vote on the land reform bill?').answer).toBe(
      '71 votes to 52',
    );
    expect(leak.engine().ask('How many officials are being investigated in the leak inquiry?').status).toBe('unknown');
    expect(leak.engine().ask('How many hospital projects are on the list in the leaked paper?').answer).toBe('eight');
    // A question about now or later is not answered by a year before its article ("tried and failed … in 2021").
    expect(land.engine().ask('When do the main parts of the new law actually take effect?').answer ?? '').not.toBe(
      '2021',
    );
    const r = leak.engine().ask('How did Ashworth respond when asked if Farooq had threatened to quit?');
    expect(r.answer ?? '').not.toMatch(/over the issue/);
  });
});
