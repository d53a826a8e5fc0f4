/**
 * Yes/no polarity from the evidence (answer/polarity.ts): negation and hedges near the words the question
 * matched, and a question word denied by its WordNet antonym in the evidence ("succeed" vs "the failed talks").
 */
import { describe, expect, it } from 'vitest';
import { spokenPart } from '../../src/core/answer/lanes/sentences.js';
import { questionPredicate, readPolarity } from '../../src/core/answer/polarity.js';
import { antonyms } from '../../src/core/nlp/lexical.js';
import { isStopword, stem, words } from '../../src/core/nlp/terms.js';
import { polarityOf } from './helpers.js';

/** The question's content stems, as the engine passes them. */
function ask(question: string, sentence: string) {
  const ws = words(question);
  return readPolarity({ words: ws }, sentence, new Set(ws.filter((w) => !isStopword(w)).map(stem))).polarity;
}

/**
 * As the engine passes them: the question's terms, and the stems of the names it asks about (a role asked about,
 * "Health Secretary", is a name, not a term).
 */
function read(question: string, names: string[], sentence: string) {
  const ws = words(question);
  const nameStems = new Set(names.flatMap((n) => words(n)).map(stem));
  const terms = new Set(
    ws
      .filter((w) => !isStopword(w))
      .map(stem)
      .filter((s) => !nameStems.has(s)),
  );
  return readPolarity({ words: ws }, sentence, terms, nameStems);
}

const TALKS =
  'He was part of the team during the failed talks between Gordon Brown and Mr Clegg after the 2010 election.';

describe('polarity', () => {
  it('what became of it, in the clause after the one asked about: "…, but it was defeated"', () => {
    const reid =
      'Mr Reid put forward an alternative budget that would have drawn £8 million from reserves, but it was defeated.';
    expect(ask("did reid's alternative budget get through", reid)).toBe('no');
    expect(ask('was the alternative budget passed', reid)).toBe('no');
    // Asked whether he put it forward, the first clause answers; a later clause that is no failure is no "no".
    expect(ask('did Reid put forward an alternative budget', reid)).toBe('yes');
    expect(
      ask("did reid's alternative budget get through", 'Mr Reid put forward an alternative budget, but it was close.'),
    ).toBe('yes');
  });

  it('a clause saying it failed answers whether it went through, unless something in it went through', () => {
    const motion =
      'The row came as a Conservative motion calling for the 20mph default to be scrapped was defeated in the Senedd by 51 votes to 42.';
    expect(ask('Did the Tory motion to ditch the 20mph default get through the Senedd?', motion)).toBe('no');
    const both = 'The amendment was defeated, and the bill was passed by 300 votes to 200.';
    expect(ask('did the bill get through', both)).not.toBe('no');
  });

  it('says yes when the evidence asserts what is asked', () => {
    expect(ask('Did the talks between Brown and Clegg fail?', TALKS)).toBe('yes');
  });

  it('says no when an antonym of an asked word stands by the matched words', () => {
    expect(ask('Did the talks between Brown and Clegg succeed?', TALKS)).toBe('no');
    expect(ask('Did Labour win the seat?', 'Labour lost the seat to the Liberal Democrats in 2015.')).toBe('no');
  });

  it('an antonym and a negation cancel out ("did not fail")', () => {
    expect(ask('Did the talks succeed?', 'The talks did not fail, both sides said.')).toBe('yes');
  });

  it('still says no on a plain negation and unsure on a hedge', () => {
    expect(ask('Did Labour win the seat?', 'Labour did not win the seat.')).toBe('no');
    expect(ask('Will Labour win a majority?', 'Labour hopes to win a majority.')).toBe('unsure');
  });

  it('is unsure when the asked words sit in an indirect question or a condition, however far the "whether"', () => {
    const asked =
      'Asked whether Mr Renshaw had been offered another post, he said he would not get into private conversations.';
    expect(ask('Was Renshaw offered another post?', asked)).toBe('unsure');
    expect(ask('Will the coalition deal hold?', 'It is still unclear if the fragile coalition deal will hold.')).toBe(
      'unsure',
    );
    // The clause after a break is asserted again.
    expect(ask('Was Renshaw offered another post?', 'Asked about it, he said Renshaw was offered another post.')).toBe(
      'yes',
    );
  });

  it('ignores an antonym far from the matched words', () => {
    const far =
      'The talks between Brown and Clegg went on for days and ended late at night, long after the polls had failed.';
    expect(ask('Did the talks succeed?', far)).toBe('yes');
  });
});

describe('polarity of the clause that holds the asked words', () => {
  const BLOCK =
    'The Green group can block the levy without Labour, but the Conservatives cannot pass the budget without the Greens.';

  it('reads each side of a "but" on its own, with the answer clause verbatim', () => {
    expect(read('Can the Green group block the levy without Labour?', ['green', 'labour'], BLOCK)).toEqual({
      polarity: 'yes',
      clause: 'The Green group can block the levy without Labour',
    });
    // "cannot" denies; the "without" the question itself asks about does not.
    expect(
      read('Can the Conservatives pass the budget without the Greens?', ['conservatives', 'greens'], BLOCK),
    ).toEqual({
      polarity: 'no',
      clause: 'the Conservatives cannot pass the budget without the Greens.',
    });
  });

  it('a clause naming the person only does not outweigh the clause about what is asked', () => {
    const s =
      'Councillor Ashdown has stepped down as deputy leader while the inquiry takes place, but he retains the whip.';
    // "retains" is a synonym of "keep", WordNet's antonym of "lose": denied.
    expect(read('Has Ashdown lost the whip?', ['ashdown'], s).polarity).toBe('no');
    expect(read('Has Ashdown kept the whip?', ['ashdown'], s).polarity).toBe('yes');
  });

  it('is unsure when two clauses with as many asked words say opposite things, and says why', () => {
    const s = 'The document urges members to back the levy, but the party insists it was never approved.';
    expect(read('Was the levy document approved by the party?', [], s)).toMatchObject({
      polarity: 'unsure',
      why: 'mixed',
    });
    expect(read('Will Labour win a majority?', [], 'Labour hopes to win a majority.').why).toBe('hedge');
    expect(read('Will the deal hold?', [], 'It is unclear if the deal will hold.').why).toBe('indirect');
  });
});

describe('the clause a yes or no rests on, as the short answer shows it', () => {
  it('drops the quotation marks and the reporting words around a quoted clause', () => {
    expect(spokenPart('“The Tories can win without the North')).toBe('The Tories can win without the North');
    expect(spokenPart('Labour can’t win without doing better in the south,” the MP said.')).toBe(
      'Labour can’t win without doing better in the south',
    );
    expect(spokenPart('he retains the Labour whip.')).toBe('he retains the Labour whip.');
  });
});

describe('antonyms', () => {
  it('come from WordNet through the lemma', () => {
    expect(antonyms('succeed')).toContain('fail');
    expect(antonyms('won')).toContain('lose');
    expect(antonyms('rises')).toContain('fall');
    expect(antonyms('parliament')).toEqual([]);
  });
});

describe('a side taken on a bill or motion', () => {
  const VOTE =
    'Among those voting in favour were the Chancellor and the Home Secretary, while the Health Secretary and the Justice Secretary voted against.';
  it('reads "voted against" as a no to "support" or "back", where WordNet has no antonym', () => {
    expect(read('Did the Health Secretary support the bill?', ['Health Secretary'], VOTE).polarity).toBe('no');
    expect(read('Did the Health Secretary back the bill?', ['Health Secretary'], VOTE).polarity).toBe('no');
    expect(ask('Did the Justice Secretary oppose the bill?', 'The Justice Secretary backed the bill.')).toBe('no');
  });
  it('reads what happens to a bill, a seat or a policy: passed or defeated, held or lost, scrapped or kept', () => {
    expect(ask('Did the bill pass?', 'The bill was defeated by 27 votes.')).toBe('no');
    expect(ask('Was the amendment defeated?', 'The amendment was passed by 12 votes.')).toBe('no');
    expect(ask('Did Labour hold the seat?', 'Labour lost the seat to Reform.')).toBe('no');
    expect(ask('Was the levy scrapped?', 'The levy was kept.')).toBe('no');
    expect(ask('Was the candidate elected?', 'The candidate was defeated.')).toBe('no');
    // The evidence using the asked word itself is not denied by an opposite elsewhere in it.
    expect(
      ask('Did the bill pass its second reading?', 'The bill passed its second reading after an amendment failed.'),
    ).toBe('yes');
  });
  it('reads "vote for" and "vote against" as opposite sides, and "for" alone as no side', () => {
    expect(ask('Did MPs vote for the bill?', 'MPs voted against the bill.')).toBe('no');
    expect(ask('Did MPs vote against the bill?', 'MPs voted for the bill.')).toBe('no');
    expect(ask('Did MPs vote for the bill?', 'MPs voted for the bill.')).toBe('yes');
    expect(ask('Is Labour pushing for a majority?', 'Labour is pushing for a majority against the odds.')).toBe('yes');
  });
  it('reads two-word denials ("has yet to", "failed to", "far from") and "nobody" as no', () => {
    expect(ask('Has the council published the report?', 'The council has yet to publish the report.')).toBe('no');
    expect(ask('Has the inquiry started?', 'The inquiry has not yet started.')).toBe('no');
    expect(ask('Did Labour win the by-election?', 'Labour failed to win the by-election.')).toBe('no');
    expect(ask('Was the vote close?', 'The vote was far from close.')).toBe('no');
    expect(ask('Did anyone object to the plan?', 'Nobody objected to the plan.')).toBe('no');
    // "the plan" is a thing talked about, not a hedge (a plan to do something).
    expect(ask('Did anyone object?', 'Nobody objected to the plan.')).toBe('no');
    expect(ask('Did anyone object?', 'Councillors plan to object.')).toBe('unsure');
    // "yet" after a comma still joins a contrasting clause.
    expect(ask('Did the talks fail?', 'The talks failed, yet both sides said they would meet again.')).toBe('yes');
  });
  it('reads being left out of what is asked as no ("excluded", "barred", "ineligible"; session 17)', () => {
    expect(
      ask(
        'Can sex offenders get early release?',
        'Offenders convicted of sexual offences are excluded from early release.',
      ),
    ).toBe('no');
    expect(
      ask('Can councillors stand for the board?', 'Serving councillors are barred from standing for the board.'),
    ).toBe('no');
    expect(
      ask('Can sex offenders get early release?', 'Sex offenders can get early release after half their term.'),
    ).toBe('yes');
  });
  it('counts a word that is both a negation and an opposite once ("rejected" for "accept")', () => {
    expect(ask('Did the government accept the recommendation?', 'The government rejected the recommendation.')).toBe(
      'no',
    );
    expect(ask('Did the government accept the recommendation?', 'The government accepted the recommendation.')).toBe(
      'yes',
    );
  });
  it('still says yes where the clause takes the asked side', () => {
    expect(read('Did the Justice Secretary vote against the bill?', ['Justice Secretary'], VOTE).polarity).toBe('yes');
    expect(ask('Did the Home Secretary support the bill?', 'The Home Secretary supported the bill.')).toBe('yes');
  });
  it('a capitalised hedge word inside a sentence is a month or a name, not a hedge ("in May")', () => {
    const stand =
      'He said he would stand for Reform in the division in May and would not resign to trigger a by-election.';
    expect(ask('Is he going to resign and force a by-election?', stand)).toBe('no');
    expect(ask('Will the minister resign?', 'The minister may resign next week.')).toBe('unsure');
    expect(ask('Did Labour win the seat?', 'Theresa May said Labour won the seat.')).toBe('yes');
  });
  it('reads a statement added with "and that" apart from the one before it', () => {
    // The second statement's "not" is not the first one's.
    const contact =
      'Aides disclosed that the two offices are in regular contact and that the offices will not publish the contact log.';
    expect(ask('Are the two offices in contact?', contact)).toBe('yes');
    // ... and is not the other side of a dispute: the first statement's "not" still answers.
    const depots = 'Rival bidders say the depots are not included and that buying them would add £70m to the bill.';
    expect(ask('Does the figure include the depots?', depots)).toBe('no');
  });
  it('a plan put off does not go ahead then, but goes ahead at the time it was put off until', () => {
    const delayed =
      'The Chancellor said the increase, which was due to take effect in January, would now be delayed by three months.';
    expect(ask('Will the rise go ahead in January?', delayed)).toBe('no');
    const until = 'The Chancellor has postponed a planned rise in fuel duty until next April.';
    expect(ask('Will the rise go ahead in April?', until)).toBe('yes');
  });
  it('a state that lasted until what the sentence reports is neither yes nor no ("had held since 1997")', () => {
    // (The engine also matches irregular forms, "hold" -> "held"; this helper matches stems, hence "represented".)
    const taken = 'Reform UK has won the by-election, taking a seat Labour had represented since 1997.';
    expect(read('Did Labour represent the seat?', ['Labour'], taken)).toMatchObject({
      polarity: 'unsure',
      why: 'before',
    });
    // The event itself still answers, and a plain past still says yes.
    expect(ask('Did Reform UK win the by-election?', taken)).toBe('yes');
    expect(ask('Did Labour represent the seat?', 'Labour represented the seat until 2019.')).toBe('yes');
  });
  it('a plan answers a question about getting ready, and is still a hedge for one about doing (session 18)', () => {
    const planning = 'Senior Labour figures say the party is already planning for a coalition after the election.';
    expect(ask('Is Labour getting ready for a coalition after the election?', planning)).toBe('yes');
    expect(ask('Are Labour preparing for a coalition after the election?', planning)).toBe('yes');
    expect(ask('Will Labour form a coalition after the election?', planning)).toBe('unsure');
    // A denial of the plan is a no to the preparation.
    const denial = 'We are not planning to share power with the Liberal Democrats after the election.';
    expect(ask('Are Labour lining up a deal to share power after the election?', denial)).toBe('no');
  });
  it('a modal after the last asked word hedges another clause, not the asked one (session 18)', () => {
    const then =
      'The council is cutting library hours from April, and could close two branches if the grant is not renewed.';
    expect(ask('Is the council cutting library hours?', then)).toBe('yes');
    // Before the asked words it hedges them, and "likely" qualifies what comes before it too.
    expect(ask('Will the council close two branches?', then)).toBe('unsure');
    expect(ask('Will the council cut library hours?', 'A cut to library hours is likely.')).toBe('unsure');
  });
  it('an auxiliary is no opposite of an asked word: "had not lost" is a no to "lose" (session 18)', () => {
    // WordNet relates "have" to "hold" and "keep", the antonyms of "lose": "had" read as one flipped the denial.
    expect(ask('Did Labour lose the seat?', 'Labour had not lost the seat.')).toBe('no');
    expect(
      ask(
        'Did Labour lose because of its housing policy?',
        'She denied that Labour had lost because of its housing policy.',
      ),
    ).toBe('no');
    expect(ask('Did Labour lose the seat?', 'Labour had held the seat.')).toBe('no');
  });
  it('"without" after the asked words is a condition, not a second denial (session 18)', () => {
    const strike = 'He said the union would not call off the strike without an improved offer.';
    expect(ask('Will the union call off the strike?', strike)).toBe('no');
    // Asked about, it is part of what is asked (the "can't" answers); and trailing an event that happened, no denial.
    expect(ask('Can Labour win without the south?', "Labour can't win without the south.")).toBe('no');
    expect(ask('Did the bill pass?', 'The bill passed without a vote.')).toBe('yes');
  });
  it('an event called off or put off is a no; "It is untrue that …" denies what follows (session 19)', () => {
    const centres =
      "A proposal to close three of the county's nine household recycling centres was postponed until the autumn.";
    expect(ask('Are recycling centres closing?', centres)).toBe('no');
    expect(ask('Was the closure of recycling centres postponed?', centres)).toBe('yes');
    expect(ask('Is the hustings still on?', 'The hustings in Leeds was cancelled.')).toBe('no');
    const denial = '"It is simply untrue that I or my officials have blocked any offer," she told MPs.';
    expect(ask('Did the government block a better pay offer?', denial)).toBe('no');
    expect(ask('Did officials block the offer?', 'It is not true to say that officials blocked the offer.')).toBe('no');
  });
  it('a clause saying it of someone else named before what is asked is unsure; postponements and refusals (session 19)', () => {
    const third =
      "Reform UK's Trevor Gaskin came third with 6,215 votes, while Labour's candidate, Priya Natarajan, was squeezed into fourth.";
    expect(read('Did Labour come third in the by-election?', ['Labour'], third)).toMatchObject({
      polarity: 'unsure',
      why: 'other',
    });
    expect(read('Did Reform come third in the by-election?', ['Reform'], third).polarity).toBe('yes');
    // The name in another spelling the KB knows is the name (the engine passes the entity's name as aliases).
    const deposit = 'The Conservative candidate came third, and the Liberal Democrats lost their deposit.';
    const ws = words('Did the Lib Dems lose their deposit?');
    const terms = new Set(['lose', 'deposit'].map(stem));
    const aliases = new Set(['liberal', 'democrats'].map(stem));
    expect(readPolarity({ words: ws }, deposit, terms, new Set(['lib', 'dem']), aliases).polarity).not.toBe('unsure');
    const statement =
      'A statement by the first minister, scheduled for Tuesday afternoon, has been put back to Wednesday.';
    expect(ask('Will the statement be made on Tuesday afternoon?', statement)).toBe('no');
    expect(ask('Will the statement be made on Wednesday?', statement)).toBe('yes');
    expect(ask('Did he say which schemes would slip?', 'He declined to say which schemes would slip.')).toBe('no');
    // Asking for it is not its happening; turning it down denies it.
    const requested = "The count was delayed when Delaney's agent requested a full recount.";
    expect(ask('Was there a full recount?', requested)).toBe('unsure');
    expect(ask('Did the agent request a full recount?', requested)).toBe('yes');
    expect(ask('Was there a recount?', 'The returning officer turned down a recount.')).toBe('no');
  });
  it('a denied that-clause is a no however far the verb stands; another speaker after ", and" is read apart (session 19)', () => {
    const climbdown =
      'He flatly denied that the change amounted to a "climbdown", insisting the government had "listened".';
    expect(ask('Did the minister accept that the reversal was a climbdown?', climbdown)).toBe('no');
    const claims = 'He rejected claims that he had arranged meetings between the company and officials.';
    expect(ask('Did he arrange meetings between the company and officials?', claims)).toBe('no');
    // The denying verb is counted once, by the frame, even when it stands next to the asked words.
    expect(ask('Did he arrange meetings?', 'He denied that he arranged meetings.')).toBe('no');
    const whip =
      'He has not given up the party whip, and whips said he would not be asked to do so unless the committee upholds the finding.';
    expect(ask('Has he given up the whip?', whip)).toBe('no');
    // A plan the past perfect says did not hold answers neither way.
    const due = 'The charge had been due to begin on 6 January.';
    expect(ask('Will the charge begin on 6 January?', due)).toBe('unsure');
  });
  it('a sentence holding only the names asked about neither confirms nor denies (session 19)', () => {
    const broken = 'Labour said the government had broken a manifesto promise.';
    const r = read('Will Labour restore the national target?', ['Labour'], broken);
    expect(r).toEqual({ polarity: 'unsure', why: 'unmatched', clause: broken });
    // A stance word is what is asked for all it is a function word: the name's clause then holds it.
    expect(read('Did Labour support the bill?', ['Labour'], 'Labour voted against.').polarity).toBe('no');
  });
  it('a promise is kept or broken, where WordNet has no antonym pair for them (session 18)', () => {
    const broken = 'Labour said the government had broken a manifesto promise.';
    expect(ask('Did the government keep its manifesto promise?', broken)).toBe('no');
    expect(ask('Did the government break its manifesto promise?', broken)).toBe('yes');
    expect(ask('Did the government break its promise?', 'The government honoured its promise.')).toBe('no');
  });
});

describe('what a yes/no question asks happened (questionPredicate)', () => {
  const predicateOf = (q: string) => questionPredicate({ words: words(q), raw: q });

  it('is the participle after "been", a participle after the subject, or the verb after a named subject', () => {
    expect(predicateOf('Has the revised timetable for the programme been published yet?')).toBe('published');
    expect(predicateOf("Was the committee's report backed unanimously?")).toBe('backed');
    expect(predicateOf('Did Daniel Okafor ask for the rule change?')).toBe('ask');
    expect(predicateOf('Has Labour ruled out a coalition?')).toBe('ruled');
    // A bare plural subject, an adverb skipped: "Can packets ever *collide* in route?" (SQuAD's answer "Yes" read off
    // a sentence about routing); not after a form of "be", nor "this" or "news".
    expect(predicateOf('Can packets ever collide in route?')).toBe('collide');
    expect(predicateOf('Did ministers approve the plan?')).toBe('approve');
    expect(predicateOf('Are ministers planning a rise?')).toBeUndefined();
    expect(predicateOf('Does this matter?')).toBeUndefined();
  });

  it('is none for a copula with a noun, a common-noun subject before a base verb, or a question of what was said', () => {
    expect(predicateOf('Is Sir Vince the Lib Dem leader?')).toBeUndefined();
    expect(predicateOf('Did the government accept all of the recommendations?')).toBeUndefined();
    expect(predicateOf('Did Pemberton say the change would entrench a closed shop?')).toBeUndefined();
    // A plan or a stance after a form of "be": the evidence words it its own way ("would not commit to any rise").
    expect(predicateOf('Is Hammond going to ditch the pension policy?')).toBeUndefined();
    expect(predicateOf('Is Labour backing a rise in tuition fees?')).toBeUndefined();
    expect(predicateOf('Was Okafor elected unopposed?')).toBe('elected');
  });

  it('a clause without it, or a word opposite to it or calling it off, says nothing either way', () => {
    const ws = words('Has the revised timetable for the programme been published yet?');
    const terms = new Set(ws.filter((w) => !isStopword(w)).map(stem));
    const published = new Set([stem('published')]);
    const reading = (sentence: string) => readPolarity({ words: ws }, sentence, terms, new Set(), new Set(), published);
    expect(reading('Whitcombe said it would be "wrong to pre-empt" a revised timetable.')).toEqual(
      expect.objectContaining({ polarity: 'unsure', why: 'unmatched' }),
    );
    // Without the predicate required, the same clause was a Yes.
    expect(
      readPolarity({ words: ws }, 'Whitcombe said it would be "wrong to pre-empt" a revised timetable.', terms)
        .polarity,
    ).toBe('yes');
    expect(reading('The revised timetable for the programme was published on Monday.').polarity).toBe('yes');
    // A clause without the predicate is no rival to one with it: the second clause alone decides.
    expect(
      reading('She would not rule out a revised timetable for the programme, but said it had not yet been published.'),
    ).toEqual(expect.objectContaining({ polarity: 'no' }));
    expect(
      reading('The revised timetable for the programme has been postponed until after the spending review.').polarity,
    ).toBe('no');
  });

  it('"back" after a verb is its particle, not the verb asked (session 21, probe round 4)', () => {
    const ws = words("Was the committee's report backed unanimously?");
    const terms = new Set(ws.filter((w) => !isStopword(w)).map(stem));
    const backed = new Set([stem('backed')]);
    const reading = (sentence: string) => readPolarity({ words: ws }, sentence, terms, new Set(), new Set(), backed);
    expect(reading('Ms Drummond said the committee would call the chair back to give further evidence.').polarity).toBe(
      'unsure',
    );
    expect(reading('The committee hit back at critics of the report.').polarity).toBe('unsure');
    // The verb itself, after "to" or a modal as well, still says it.
    expect(reading('The committee voted to back the report unanimously.').polarity).toBe('yes');
    expect(reading('Members of the committee did not back the report.').polarity).toBe('no');
  });
});

describe('a vote asked as unanimous (session 27, probe round 3)', () => {
  it('is a No with votes against in the tally, a Yes with none', () => {
    const ask = polarityOf;
    const split = "The combined authority's board approved the scheme in September by seven votes to three.";
    expect(ask("Did the combined authority's board approve the scheme unanimously?", split)).toBe('no');
    const all = "The combined authority's board approved the scheme in September by nine votes to none.";
    expect(ask("Did the combined authority's board approve the scheme unanimously?", all)).toBe('yes');
    // Not asked as unanimous: the tally is no denial.
    expect(ask("Did the combined authority's board approve the scheme?", split)).toBe('yes');
  });
});
