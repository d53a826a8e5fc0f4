/**
 * A claim its article reports without an attributed source ("The report says …") and a passive rebuttal of it
 * ("That account was disputed by Transport Scotland.") are two sources: the reply is contested (rebuttal.ts
 * claimantOf, session 17). Each side is said in full: the claim with what stands between it and the rebuttal in its
 * paragraph, and a rebuttal that only says it disputes with the next sentence saying what the other side says
 * (lanes/sentences.ts rebuttalSides, compose.ts Side.continued). An invented article
 * (tests/fixtures/disputes/ferry-crew-shortage.txt) over the seed.
 */
import { describe, expect, it } from 'vitest';
import { countsWhatIsAsked, isName } from '../../src/core/answer/extract.js';
import { polaritySide } from '../../src/core/answer/lanes/sentences.js';
import type { ScoredSentence } from '../../src/core/answer/rescore.js';
import { words } from '../../src/core/nlp/terms.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const fixture = fixtureServicesForFile('tests/fixtures/disputes/ferry-crew-shortage.txt', 'whip-disputed-account-');

describe('a reported claim and a passive rebuttal', () => {
  it('is contested, each side said in full', () => {
    const r = fixture.engine().ask('When were ministers warned about the crew shortage?');
    expect(r.status).toBe('contested');
    // The claim, and the figure stated with it before the rebuttal.
    expect(r.text).toMatch(/warned about the crew shortage in March 2023/);
    expect(r.text).toMatch(/1,400 sailings were cancelled/);
    // The bare rebuttal, and what the other side says in the next sentence.
    expect(r.text).toMatch(/That account was disputed by Transport Scotland/);
    expect(r.text).toMatch(/not told of the scale of the shortage until August 2023/);
    expect(r.sides?.map((s) => s.label)).toEqual(['Claim', 'Disputed']);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });

  it('a rebuttal naming its own subject ("Ministers reject that ferry design account.") is said with the next sentence', () => {
    const r = fixture.engine().ask('Did ministers change the ferry design?');
    expect(r.status).toBe('contested');
    // A yes/no question's short answer is never a phrase read off one side ("12 times during construction").
    expect(r.answer).toBe('Contested: sources disagree');
    expect(r.text).toMatch(/changed the ferry design 12 times/);
    expect(r.text).toMatch(/Ministers reject that ferry design account/);
    expect(r.text).toMatch(/not been altered since 2019/);
  });
});

describe('a side of a yes/no contest', () => {
  const article = {
    id: 'ferries',
    title: 'Ferry row',
    published: '2025-06-01',
    analysis: {
      sentences: [
        { i: 0, p: 0, part: 'standfirst', text: 'The shipyard blames ministers, who deny it.' },
        { i: 1, p: 1, part: 'body', text: 'The agency rejects that account.' },
        { i: 2, p: 1, part: 'body', text: 'It says the design has not been altered since 2019.' },
        { i: 3, p: 2, part: 'body', text: 'Ministers told MPs the ferry design had never been changed by them.' },
        { i: 4, p: 3, part: 'body', text: 'The council rejects that account.' },
        { i: 5, p: 3, part: 'body', text: 'But the union insists it holds the emails.' },
      ],
    },
  };
  const scored = (i: number, score: number) =>
    ({
      score,
      cov: score,
      agree: 1,
      article,
      sentence: article.analysis.sentences[i],
      evidence: { article, quote: article.analysis.sentences[i]?.text },
    }) as unknown as ScoredSentence;

  it('says a bare rebuttal with the next sentence of its paragraph', () => {
    const side = polaritySide('No', [scored(1, 0.7), scored(3, 0.6)]);
    expect(side.statement).toBe('The agency rejects that account. It says the design has not been altered since 2019.');
    expect(side.evidence.map((e) => e.quote)).toEqual([
      'The agency rejects that account.',
      'It says the design has not been altered since 2019.',
    ]);
  });

  it('does not take the next sentence into the side when it turns to the other side ("But … insists")', () => {
    const side = polaritySide('No', [scored(4, 0.7)]);
    expect(side.statement).toBe('The council rejects that account.');
    expect(side.evidence.map((e) => e.quote)).toEqual(['The council rejects that account.']);
  });

  it("puts the article's body before its standfirst", () => {
    const side = polaritySide('No', [scored(0, 0.9), scored(3, 0.6)]);
    expect(side.statement).toBe('Ministers told MPs the ferry design had never been changed by them.');
  });
});

describe('a question asking for a name', () => {
  it('is not answered by a description of someone unnamed, and the reply says the evidence does not name them', () => {
    const r = fixture
      .engine()
      .ask('What is the name of the official who has worked on the ferry contract for a decade?');
    expect(r.status).toBe('unknown');
    expect(r.answer).toBeNull();
    expect(r.text).toMatch(/gives no name: it says only “One senior official”/);
  });

  it('"What is the report called?" is not answered by a figure', () => {
    const r = fixture.engine().ask("What is the committee's report called?");
    expect(r.status).toBe('unknown');
    expect(r.text).toMatch(/gives no name: it says only “38 per cent”/);
    // The same sentence still answers what it does say.
    const share = fixture.engine().ask('What share of winter sailings from Oban were cancelled?');
    expect(share.answer).toBe('38 per cent');
  });
});

describe('what a figure can answer', () => {
  it('a count is not an amount of money unless money is counted; a name is not a figure or a description', () => {
    expect(countsWhatIsAsked(words('how many universities are in deficit'), '£6,900')).toBe(false);
    expect(countsWhatIsAsked(words('how many universities are in deficit'), '58')).toBe(true);
    expect(countsWhatIsAsked(words('how many pounds does it cost'), '£6,900')).toBe(true);
    expect(countsWhatIsAsked(words('how many years'), 'years')).toBe(false);
    expect(isName('69 per cent')).toBe(false);
    expect(isName('£1.2bn')).toBe(false);
    expect(isName('One shadow Cabinet minister')).toBe(false);
    expect(isName('Nothing to Chew On')).toBe(true);
    expect(isName('Rachel Ormerod')).toBe(true);
  });
});
