import { describe, expect, it } from 'vitest';
import type { ArticleInfo } from '../../src/core/answer/knowledge.js';
import { findRebuttal, findStatedDispute } from '../../src/core/answer/rebuttal.js';
import { stem } from '../../src/core/nlp/terms.js';
import type { Attribution } from '../../src/core/reply.js';

/** A minimal article: one sentence per entry, [paragraph, text, source]. */
function article(sentences: [number, string, string?][]): ArticleInfo {
  return {
    analysis: {
      sentences: sentences.map(([p, text, source], i) => ({
        i,
        p,
        part: 'body',
        text,
        ...(source ? { source: { kind: 'anonymous', description: source } as Attribution } : {}),
      })),
    },
  } as unknown as ArticleInfo;
}

const stems = (...w: string[]) => new Set(w.map(stem));

describe('claims disputed by a neighbouring source', () => {
  const a = article([
    [0, 'The Chancellor plans to cut pension relief.'],
    [1, 'A senior source said the number of rebels was “nearer 60 than 40”.', 'A senior source'],
    [2, 'Allies of the chancellor dismissed that figure, claiming fewer than a dozen MPs would rebel.', 'Allies'],
    [3, 'Treasury sources said the Prime Minister signed off the changes.', 'Treasury sources'],
    [3, 'But one No 10 aide said she “has not seen the final numbers”.', 'one No 10 aide'],
    [4, 'The Finance Bill returns in the new year.'],
  ]);

  it('pairs a claim with the dismissal that points back at it, from either sentence', () => {
    expect(findRebuttal(a, 1, stems('rebels'))).toEqual({ claim: 1, rebuttal: 2 });
    expect(findRebuttal(a, 2, stems('rebels'))).toEqual({ claim: 1, rebuttal: 2 });
  });

  it('reads "X said … But Y said …" in one paragraph as a disagreement', () => {
    expect(findRebuttal(a, 3, stems('sign'))).toEqual({ claim: 3, rebuttal: 4 });
  });

  it('finds nothing for a sentence nobody disputes', () => {
    expect(findRebuttal(a, 5, stems('finance', 'bill'))).toBeUndefined();
    expect(findRebuttal(a, 0, stems('pension'))).toBeUndefined();
  });

  it('does not read a negated rebuttal verb as a rebuttal ("have not ruled out"; session 17)', () => {
    const open = article([
      [0, 'The spokesman said only low-risk offenders would be released early.', 'The spokesman'],
      [0, 'Ministers have not ruled out extending early release to more offenders.', 'Ministers'],
    ]);
    expect(findRebuttal(open, 0, stems('release'))).toBeUndefined();
    const closed = article([
      [0, 'The spokesman said only low-risk offenders would be released early.', 'The spokesman'],
      [0, 'Ministers have ruled out extending early release to more offenders.', 'Ministers'],
    ]);
    expect(findRebuttal(closed, 0, stems('release'))).toEqual({ claim: 0, rebuttal: 1 });
  });

  it('does not pair a sentence that disputes a claim it reports itself with the sentence before (session 17)', () => {
    const own = article([
      [0, 'He said the figures had only crystallised after the finance settlement.', 'Mr Greaves'],
      [
        0,
        'The Lib Dems also claimed the council was near bankruptcy, a charge disputed by its chief finance officer.',
        'The Lib Dems',
      ],
    ]);
    expect(findRebuttal(own, 0, stems('finance'))).toBeUndefined();
    expect(findRebuttal(own, 1, stems('finance'))).toBeUndefined();
    // A rebuttal of the sentence before still pairs.
    const reply = article([
      [0, 'He said the figures had only crystallised after the finance settlement.', 'Mr Greaves'],
      [0, 'The Lib Dems disputed his account of the finance settlement.', 'The Lib Dems'],
    ]);
    expect(findRebuttal(reply, 0, stems('finance'))).toEqual({ claim: 0, rebuttal: 1 });
  });

  it('does not count a source disputing itself', () => {
    const same = article([
      [0, 'Party sources said the plan was dead.', 'Party sources'],
      [0, 'But party sources insisted that talks would continue.', 'Party sources'],
    ]);
    expect(findRebuttal(same, 0, stems('plan'))).toBeUndefined();
  });
});

describe('what is no rebuttal of the sentence before (probe round 4, session 21)', () => {
  it('"Nobody disputes that …" agrees', () => {
    const a = article([
      [0, 'The committee said the inquiry had cost £21.4 million so far.', 'The committee'],
      [0, 'She added: “Nobody disputes that this is a complex inquiry.”', 'Fiona Drummond'],
    ]);
    expect(findRebuttal(a, 0, stems('inquiry', 'cost'))).toBeUndefined();
  });

  it('"has survived two challenges" and "the dispute" are nouns, not someone contradicting anyone', () => {
    const a = article([
      [0, 'Under the current rules, a challenger needs the nominations of 14 of the party’s 92 MPs.'],
      [
        1,
        'Ms Ellison told MPs the change would end the campaign against the leader, who has survived two challenges.',
        'Ms Ellison',
      ],
    ]);
    expect(findRebuttal(a, 0, stems('mps', 'nominate'))).toBeUndefined();
    const verb = article([
      [0, 'Under the current rules, a challenger needs the nominations of 14 of the party’s 92 MPs.'],
      [1, 'Ms Ellison challenges the figure, saying the rules need 14 MPs.', 'Ms Ellison'],
    ]);
    expect(findRebuttal(verb, 0, stems('mps', 'rules'))).toEqual({ claim: 0, rebuttal: 1 });
  });

  it('a sentence holding both sides ("X told …, but Y insisted …") disputes itself, and splits', async () => {
    const { splitDispute } = await import('../../src/core/answer/rebuttal.js');
    const both =
      'The inquiry’s secretary, Alan Baird, told the committee that the records came eight months late, but the board’s chief executive, Morag Kinnear, insisted that every record had been supplied on time.';
    const a = article([
      [0, 'The committee heard from 14 witnesses over five sessions.'],
      [1, both, 'Alan Baird'],
    ]);
    expect(findRebuttal(a, 0, stems('committee', 'witness'))).toBeUndefined();
    expect(splitDispute(both)?.[1]).toMatch(/^the board’s chief executive, Morag Kinnear, insisted/);
  });

  it('"The dispute turns on what was agreed at a meeting in Edinburgh" is neither side', () => {
    const a = article([
      [0, 'The dispute turns on what was agreed at a meeting of finance ministers in Edinburgh on 16 February.'],
      [0, 'The Welsh Government says the Treasury gave a verbal assurance at that meeting.', 'The Welsh Government'],
      [0, 'The Treasury flatly denies that any such commitment was made.', 'The Treasury'],
    ]);
    expect(findRebuttal(a, 0, stems('meet', 'treasury'))).toBeUndefined();
    expect(findRebuttal(a, 1, stems('treasury'))).toEqual({ claim: 1, rebuttal: 2 });
  });
});

describe('"denied that …" is not a back-reference', () => {
  // Three sentences about the one fixture article's people: the denial two sentences on is about calls, not the whip.
  const a = article([
    [0, 'Councillor Ashdown has stepped down as deputy leader, but he retains the Conservative whip.'],
    [1, 'Opponents of the levy claimed that officers had telephoned traders.', 'Opponents of the levy'],
    [1, 'Supporters of the levy denied that any such calls were made.', 'Supporters of the levy'],
  ]);

  it('pairs the denial with the claim it answers (a shared asked word), not with an unrelated sentence', () => {
    expect(findRebuttal(a, 1, stems('officers', 'telephoned', 'traders', 'levy'))).toEqual({ claim: 1, rebuttal: 2 });
    expect(findRebuttal(a, 0, stems('ashdown', 'whip'))).toBeUndefined();
  });

  it('still reads "denied that." at a clause end as pointing back', () => {
    const back = article([
      [0, 'A senior source said the whip would be restored.', 'A senior source'],
      [1, 'Party whips later denied that.', 'Party whips'],
    ]);
    expect(findRebuttal(back, 0, stems('restored'))).toEqual({ claim: 0, rebuttal: 1 });
  });
});

describe('one sentence holding both sides', () => {
  it('splits "X claims …, but Y insist …" into two verbatim halves', async () => {
    const { splitDispute } = await import('../../src/core/answer/rebuttal.js');
    const text =
      'Sir Vince Cable’s camp claims a commanding lead among members, but Sir Ed Davey’s allies insist the contest is “wide open”.';
    const halves = splitDispute(text);
    expect(halves).toEqual([
      'Sir Vince Cable’s camp claims a commanding lead among members',
      'Sir Ed Davey’s allies insist the contest is “wide open”.',
    ]);
    for (const h of halves ?? []) expect(text).toContain(h);
    expect(splitDispute('Labour said it would win, but it lost the seat.')).toBeUndefined();
    expect(splitDispute('The plan was dropped.')).toBeUndefined();
  });
});

describe('a dispute the article states, then its two sides', () => {
  const a = article([
    [0, 'The minister resigned on Friday.'],
    [1, 'The central point in dispute is whether Ms Trask told civil servants about the dinner.'],
    [1, 'Her allies say she mentioned it to her private office the next morning.', 'Her allies'],
    [1, 'Her allies also say officials raised no concerns.', 'Her allies'],
    [1, 'But department sources say there is no record of the meeting.', 'department sources'],
    [2, 'The two sides disagree over what the figure covers.'],
    [2, 'The mayor says it includes the depots.', 'The mayor'],
    [4, 'Operators say it does not.', 'Operators'],
    [5, 'Campaigners said the dispute was whether the fares would rise.'],
  ]);

  it('the statement and each side point to the same two sides, from different sources', () => {
    const want = { statement: 1, sides: [2, 4] };
    expect(findStatedDispute(a, 1)).toEqual(want);
    expect(findStatedDispute(a, 2)).toEqual(want);
    expect(findStatedDispute(a, 4)).toEqual(want);
  });

  it('looks for the sides no further than the next paragraph, and needs two sources', () => {
    // The second source is two paragraphs on: no sides.
    expect(findStatedDispute(a, 5)).toBeUndefined();
    // No attributed sentence follows at all.
    expect(findStatedDispute(a, 8)).toBeUndefined();
  });

  it('a dispute the lead states is given the sides the body marks as disputed, however far on (session 18)', () => {
    const lead = article([
      [0, 'Council loses its majority after councillor defects'],
      [1, 'The councillor and his old party disagree over whether he was about to be deselected'],
      [2, 'The Conservatives have lost overall control of the council.'],
      [3, 'He said he had left because the party had stopped listening.', 'He'],
      [4, 'The circumstances of the defection are disputed.'],
      [4, 'Mr Holt said he had been told he would not be reselected.', 'Mr Holt'],
      [4, 'The association said no decision on candidates had been taken.', 'The association'],
    ]);
    expect(findStatedDispute(lead, 1)).toEqual({ statement: 4, sides: [5, 6] });
    // Without the body's mark there are no sides to give: the quote in paragraph 3 is one source alone.
    const unmarked = article([
      [1, 'The councillor and his old party disagree over whether he was about to be deselected'],
      [2, 'The Conservatives have lost overall control of the council.'],
      [3, 'He said he had left because the party had stopped listening.', 'He'],
      [5, 'The association said no decision on candidates had been taken.', 'The association'],
    ]);
    expect(findStatedDispute(unmarked, 0)).toBeUndefined();
  });

  it('a statement further into the body does not reach for a later dispute', () => {
    const body = article([
      [2, 'Ministers disagree over whether the scheme will be extended.'],
      [3, 'The budget was agreed on Friday.'],
      [4, 'Then the circumstances of the resignation were disputed.'],
      [4, 'Her allies say she was pushed.', 'Her allies'],
      [4, 'Officials say she resigned.', 'Officials'],
    ]);
    expect(findStatedDispute(body, 0)).toBeUndefined();
    expect(findStatedDispute(body, 3)).toEqual({ statement: 2, sides: [3, 4] });
  });

  it('reads the ways a body says a dispute follows ("became the subject of a row", "the row centres on")', () => {
    for (const mark of [
      'The circumstances of his departure quickly became the subject of a row.',
      'The row centres on a meeting between the two ministers on 3 June.',
      'The health and finance departments give conflicting accounts of whether an extra £120m was offered.',
    ]) {
      const a = article([
        [2, mark],
        [2, 'Downing Street sources said he had been offered another job.', 'Downing Street sources'],
        [2, 'His allies flatly denied that account.', 'His allies'],
      ]);
      expect(findStatedDispute(a, 1), mark).toEqual({ statement: 0, sides: [1, 2] });
    }
    const plain = article([
      [2, 'The circumstances of his departure were reported on Friday.'],
      [2, 'Downing Street sources said he had been offered another job.', 'Downing Street sources'],
      [2, 'His allies flatly denied that account.', 'His allies'],
    ]);
    expect(findStatedDispute(plain, 1)).toBeUndefined();
  });

  it('a sentence of the same source that is not one of the two sides is not the dispute', () => {
    // Sentence 3 repeats the first side's source; the sides are 2 and 4.
    expect(findStatedDispute(a, 3)).toBeUndefined();
    expect(findStatedDispute(a, 0)).toBeUndefined();
  });
});

describe('a back-reference two sentences on (session 21, probe round 7)', () => {
  it('"disputed that figure" disputes the sentence right before it, not the one before that', () => {
    const a = article([
      [0, 'The report says that three colleges are at risk of running out of cash.', 'The report'],
      [0, 'It also says that 1,150 lecturer posts have been lost since 2023.', 'The report'],
      [0, 'The Scottish Government disputed that figure, saying its data showed 640.', 'The Scottish Government'],
    ]);
    expect(findRebuttal(a, 0, stems('colleges', 'cash'))).toBeUndefined();
    expect(findRebuttal(a, 1, stems('lecturer', 'posts'))).toEqual({ claim: 1, rebuttal: 2 });
  });
});

describe('"any such …" points back (session 21)', () => {
  it('"denied that any such promise had been made" disputes the claim before it', () => {
    const a = article([
      [
        0,
        'He claimed the leader had told him in October that care budgets would be ring-fenced from cuts.',
        'Mr Raichura',
      ],
      [0, 'A spokesperson for Ms Adeyemi-Holt denied that any such promise had been made.', 'A spokesperson'],
    ]);
    expect(findRebuttal(a, 0, stems('leader', 'budgets'))).toEqual({ claim: 0, rebuttal: 1 });
  });
});

describe('a rebuttal by calling a figure overstated (session 21)', () => {
  it('"said that estimate was considerably overstated" disputes the estimate just before it', () => {
    const a = article([
      [0, 'Dr Farrant estimated that dropping the means test would leave a £1.3bn annual gap.'],
      [
        0,
        'The Treasury spokesperson said that estimate was considerably overstated and put the cost at £850m.',
        'The Treasury spokesperson',
      ],
    ]);
    expect(findRebuttal(a, 1, stems('cost'))).toEqual({ claim: 0, rebuttal: 1 });
  });
});
