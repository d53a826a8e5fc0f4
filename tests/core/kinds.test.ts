/** Replies of the kind asked (kinds.ts): each guard on a sentence of its own, and what it leaves alone. */
import { describe, expect, it } from 'vitest';
import { kindMismatch } from '../../src/core/answer/kinds.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import { ROOT, servicesWithArticles } from './helpers.js';

const s = await servicesWithArticles([], 'whip-kinds-');
const k = (s.engine as unknown as { k: Parameters<typeof parseQuestion>[1] }).k;
const check = (q: string, sentence: string, span: string) => {
  const start = sentence.indexOf(span);
  return kindMismatch(parseQuestion(q, k), { text: span, start, end: start + span.length }, sentence);
};

describe('kindMismatch', () => {
  it('a length of time for a count of something else; a relative pronoun for a name (probe round 14)', () => {
    const petition =
      'He has launched a petition which he says attracted more than 11,000 signatures in its first four days.';
    expect(check('How many people signed the petition in its first few days?', petition, 'four days')).toBe(
      'time-for-count',
    );
    expect(check('How many people signed the petition in its first few days?', petition, '11,000')).toBeUndefined();
    expect(check('How many days did the petition take to reach 11,000?', petition, 'four days')).toBeUndefined();
    const lowther = 'Ms Lowther, whose party finished second at the 2024 election, conceded defeat.';
    expect(check('which party finished runner-up?', lowther, 'whose party')).toBe('relative-for-name');
    expect(check('Who finished second?', lowther, 'Ms Lowther')).toBeUndefined();
    // A clause opening "which" may answer a "what" question.
    expect(check('What did she concede?', lowther, 'whose party finished second')).toBeUndefined();
  });

  it('a span cutting a number or a word', () => {
    const sentence = 'A final budget will go before full council on 24 February.';
    expect(check('How many jobs could go?', sentence, '2')).toBe('cut-word');
    expect(check('When will the final budget go before council?', sentence, '24 February')).toBeUndefined();
  });

  it('a "when" answered with no time; a time in years, days, clock times or words', () => {
    const sentence = 'The watchdog fined Wendmoor £18.5 million in March for failing to maintain equipment.';
    expect(check('When did the watchdog fine Wendmoor?', sentence, '18.5 million')).toBe('timeless');
    expect(check('When did the watchdog fine Wendmoor?', sentence, 'March')).toBeUndefined();
    expect(check('When was the Battle of Hastings?', 'The Battle of Hastings was in 1066.', '1066')).toBeUndefined();
    expect(check('What time do they vote?', 'They vote at 5 pm.', '5 pm')).toBeUndefined();
    // "When B cells replicate, what do they become?" asks for a thing, not a time.
    expect(
      check(
        'When B cells replicate, what do some become?',
        'Some become long-lived memory cells.',
        'long-lived memory cells',
      ),
    ).toBeUndefined();
  });

  it('a "when" answered by the year in a document’s name, unless the question asks about that document', () => {
    const act =
      'Under the Recall of MPs Act 2015, a suspension of at least 10 sitting days triggers a recall petition.';
    expect(check('when do MPs vote on the suspension', act, '2015')).toBe('year-of-name');
    expect(check('When was the Recall of MPs Act passed?', act, '2015')).toBeUndefined();
    expect(
      check('When did the election happen?', 'The election was held in 2015, after a long campaign.', '2015'),
    ).toBeUndefined();
  });

  it('a "why" answered with no reason, in the span or just before it', () => {
    const recall =
      "A suspension of at least 10 sitting days automatically triggers a recall petition in the member's constituency.";
    expect(check('why would this trigger a recall petition', recall, "in the member's constituency")).toBe(
      'reasonless',
    );
    const quit = 'Sir Neil Cotterill quit as chairman after a row over his expenses.';
    expect(check('Why did Sir Neil quit?', quit, 'after a row over his expenses')).toBeUndefined();
    expect(check('Why did she resign?', 'She resigned because of ill health.', 'ill health')).toBeUndefined();
    expect(check('why was there a by election', 'The council declined to comment further.', 'comment further')).toBe(
      'reasonless',
    );
  });

  it('a "who" answered with a time', () => {
    const replaced = 'Trask was replaced on Monday evening by Mr Whitlock.';
    expect(check('who replaced trask as housing minister', replaced, 'Monday evening')).toBe('time-for-who');
    expect(check('who replaced trask as housing minister', replaced, 'Mr Whitlock')).toBeUndefined();
    expect(check('Who won in May?', 'May won the seat.', 'May')).toBeUndefined();
  });

  it('a total answered by an additional amount', () => {
    const extra = 'The government had given the trust an additional £18m this financial year.';
    expect(check("what is the trust's total annual budget", extra, '£18m')).toBe('part-for-total');
    expect(check('how much extra money did the trust get', extra, '£18m')).toBeUndefined();
    expect(check('what is the total cost', 'The total cost is £18m.', '£18m')).toBeUndefined();
  });

  it('an amount asked plainly answered by one on top of another', () => {
    const further =
      "He said Farrow's cabinet had approved a further £22m of borrowing in 2023 to refurbish the Riverside Mall.";
    expect(check('how much did the council pay to buy the Riverside Mall?', further, '£22m')).toBe('part-for-total');
    expect(check('how much more did the council borrow for the Riverside Mall?', further, '£22m')).toBeUndefined();
    expect(
      check(
        'how much did the council pay for the Riverside Mall?',
        'The council paid £22m for the Riverside Mall.',
        '£22m',
      ),
    ).toBeUndefined();
  });

  it('"What did X say?" answered by X itself', () => {
    const post = 'Mr Okafor said his removal related to a social media post from 2019, which he had deleted.';
    expect(check("What did Okafor's 2019 post actually say?", post, 'social media post')).toBe('restated-thing');
    expect(
      check('What did the report say?', 'The report said the trust was failing.', 'the trust was failing'),
    ).toBeUndefined();
    // Not a question about what something says: "What is the name of the committee?" may end in its own word.
    expect(
      check('What is the committee called?', 'It is the Public Accounts Committee.', 'the Public Accounts Committee'),
    ).toBeUndefined();
  });

  it('the question’s own figure, and a share for a count', () => {
    const cap = 'The £1 fare cap would have cost about £28 million a year.';
    expect(check('How much would the £1 bus fare cap have cost?', cap, '£1')).toBe('restated');
    expect(check('How much would the £1 bus fare cap have cost?', cap, 'about £28 million a year')).toBeUndefined();
    const poll = 'The poll puts the mayor on 38 per cent.';
    expect(check('How many people did Meridian Research poll?', poll, '38 per cent')).toBe('share-for-count');
    expect(check('What share does the mayor have in the poll?', poll, '38 per cent')).toBeUndefined();
  });

  it('a name the sentence gives another post, the asked post named apart', () => {
    const sentence =
      'Peter Langshaw, the MP for Wexholme East, said he had written to the local government secretary asking for support.';
    expect(check('Who is the local government secretary?', sentence, 'Peter Langshaw')).toBe('other-post');
    const own = 'The local government secretary, Ruth Hale, said she would reply.';
    expect(check('Who is the local government secretary?', own, 'Ruth Hale')).toBeUndefined();
  });

  it('"What … for?" answered with a figure', () => {
    const sentence = 'The authority fined Wendmoor Water £18.5 million for failing to maintain equipment.';
    expect(check('What was the company fined for?', sentence, '£18.5 million')).toBe('figure-for-what');
    expect(check('What was the company fined for?', sentence, 'failing to maintain equipment')).toBeUndefined();
  });

  it('a figure dated to another relative year than the one asked', () => {
    const sentence = 'The cabinet backed plans to raise council tax by 4.99% next year.';
    expect(check('What did council tax go up by last year?', sentence, '4.99%')).toBe('other-year');
    expect(check('What will council tax go up by next year?', sentence, '4.99%')).toBeUndefined();
    expect(check('What will council tax go up by?', sentence, '4.99%')).toBeUndefined();
  });

  it('a thing the sentence labels otherwise ("Band D" for "band B")', () => {
    const sentence = 'The increase would add £94 a year to the bill for a typical Band D home.';
    expect(check('what will a band b home pay next year', sentence, '£94')).toBe('other-label');
    expect(check('what will a band d home pay', sentence, '£94')).toBeUndefined();
    // An unlabelled question, or a word that only looks like a label, is left alone.
    expect(check('what will a typical home pay', sentence, '£94')).toBeUndefined();
  });
  it('a numbered thing labelled otherwise ("the stage 1 vote" is not "approved at stage 3"), a word after "stage" no label', () => {
    const s = 'The bill was approved at stage 3 on Wednesday evening by 71 votes to 52, with two abstentions.';
    expect(check('What was the result of the stage 1 vote on the bill?', s, '71 votes to 52')).toBe('other-label');
    expect(check('What was the result of the stage 3 vote on the bill?', s, '71 votes to 52')).toBeUndefined();
    // "stage a protest" is a verb and an article, not a label.
    expect(check('Did they stage a protest after the vote?', s, '71 votes to 52')).toBeUndefined();
  });

  it('a count of another thing ("two" departments for "how many officials"), not a count with words before its noun', () => {
    const s = 'The inquiry is understood to focus on a small number of officials in two departments.';
    expect(check('How many officials are being investigated?', s, 'two')).toBe('count-of-other');
    expect(check('How many departments are involved?', s, 'two')).toBeUndefined();
    // What is counted may come after a modifier or a hyphen, or after a function word.
    expect(check('How many valves did the engine use?', 'It was a four-valve engine.', 'four')).toBeUndefined();
    expect(check('How many officials were moved?', 'Six senior officials were moved.', 'Six')).toBeUndefined();
    expect(check('How many seats does Labour hold?', 'Labour holds 41 of the 63 seats.', '41')).toBeUndefined();
    expect(
      check('How many votes did she get?', 'The board voted by 19 votes to 11 last Thursday.', '19 votes to 11'),
    ).toBeUndefined();
    // Either number of a proportion is no count.
    const roads = 'Four out of five of the roads their own councils asked to change are still at 20mph.';
    expect(check('how many roads did councils ask to change', roads, 'five')).toBe('share-for-count');
    expect(check('how many roads did councils ask to change', roads, 'Four')).toBe('share-for-count');
    const recalled = 'One in five prisoners released under the scheme, 412 in all, were recalled.';
    expect(check('how many prisoners were recalled', recalled, '412')).toBeUndefined();
    // "millions of leaseholders" counts leaseholders.
    const lords = 'Peers voted to cap the ground rents paid by millions of leaseholders in England.';
    expect(check('By how many votes did peers back the ground rent cap?', lords, 'millions')).toBe('count-of-other');
    expect(check('How many leaseholders will the cap help?', lords, 'millions')).toBeUndefined();
    // A count of times is never of things; "how many times" asks for it.
    const spills = 'Its storm overflows spilled sewage 4,310 times last year.';
    expect(check('how many customers does severnmere water have', spills, '4,310')).toBe('count-of-other');
    expect(check('How many times did the overflows spill?', spills, '4,310')).toBeUndefined();
    // The sentence must name the thing asked elsewhere: "12 men" may well be the people asked about.
    expect(check('How many people were arrested?', 'Police arrested 12 men.', '12')).toBeUndefined();
  });

  it('what something lets someone do is no reason why anything happened to it', () => {
    const s =
      'Ministers abandoned plans for a public interest test that would have allowed them to block sales to buyers.';
    expect(check('why was the public interest test dropped', s, 'to block sales to buyers')).toBe('reasonless');
    const t = 'Ministers dropped the test to avoid a legal challenge.';
    expect(check('why was the public interest test dropped', t, 'to avoid a legal challenge')).toBeUndefined();
  });

  it('a time or a length for "which <thing>", and a month or a year asked but not given', () => {
    const s = 'Patients in the South West wait two years on average, while London is easiest.';
    expect(check('which region is easiest to get an nhs dentist in', s, 'two years')).toBe('time-for-which');
    expect(check('which region is easiest to get an nhs dentist in', s, 'London')).toBeUndefined();
    expect(check('which year did waits peak', 'Waits peaked in 2019, two years ago.', '2019')).toBeUndefined();
    const e = 'The general election is next year, in May.';
    expect(check('which month is the general election in?', e, 'next year')).toBe('other-unit');
    expect(check('which month is the general election in?', e, 'May')).toBeUndefined();
    expect(check('In what year was the party founded?', 'It was founded in the 18th century.', '18th century')).toBe(
      'other-unit',
    );
    expect(check('In what year was the party founded?', 'It was founded in 1900.', '1900')).toBeUndefined();
  });

  it("a vote's tally is neither its majority nor how someone voted, and a majority is no tally", () => {
    const s = 'MPs backed the bill at second reading by 311 votes to 288, a majority of 23.';
    expect(check('how big was the majority for the bill', s, '311 votes to 288')).toBe('tally-for-other');
    expect(check('how big was the majority for the bill', s, '23')).toBeUndefined();
    expect(check('what was the final tally on the bill', s, '23')).toBe('tally-for-other');
    expect(check('what was the final tally on the bill', s, '311 votes to 288')).toBeUndefined();
    const m = 'The motion fell by 27 votes to 24, with Plaid Cymru abstaining.';
    expect(check('how did plaid vote on the conservative motion', m, '27 votes to 24')).toBe('tally-for-other');
    expect(check('how did plaid vote on the conservative motion', m, 'abstaining')).toBeUndefined();
    // A body's vote is its tally.
    const b = 'The party’s executive board voted by 19 votes to 11 to send the change to members.';
    expect(check('How did the executive board vote on sending the change to members?', b, '19 votes to 11')).toBe(
      undefined,
    );
  });

  it('a length of time for a "what" that asks for none', () => {
    const s = '“We had been in government for 13 years and here were the Lib Dems making demands,” he said.';
    expect(check('What are the Lib Dems demanding?', s, '13 years')).toBe('time-for-what');
    expect(check('What was the length of their time in government?', s, '13 years')).toBeUndefined();
    expect(check('What sentence did he get?', 'He was jailed for six years.', 'six years')).toBeUndefined();
  });

  it('a thing is nobody', () => {
    const s = 'Labour gained the Holyrood seat, with Fiona Drummellan elected on a 41.3% turnout.';
    expect(check('who won the glenallan and kirkmuir by-election', s, 'Holyrood seat')).toBe('thing-for-who');
    expect(check('who won the glenallan and kirkmuir by-election', s, 'Fiona Drummellan')).toBeUndefined();
  });

  it('the name a speaker is described by is not the speaker', () => {
    const s = 'A spokesman for Mr Miliband played down the idea of a job for Mr Clegg.';
    expect(check('who poured cold water on the idea of a job for clegg', s, 'Mr Miliband')).toBe('owner-for-speaker');
    const t = 'Mr Miliband played down the idea of a job for Mr Clegg.';
    expect(check('who poured cold water on the idea of a job for clegg', t, 'Mr Miliband')).toBeUndefined();
  });

  it('a person asked for by their post is not answered with a party, a body with a person (engine)', async () => {
    expect(s.engine.ask('which party leader could ukip stop from getting a majority?').answer).not.toBe('Labour');
    // Nor a body asked for with a person.
    const bus = await servicesWithArticles(
      [`${ROOT}/tests/data/news-train2/articles/912_mayor_bus_franchising.txt`],
      'whip-kinds-bus-',
    );
    const r = bus.engine.ask('which companies have bid for the first franchise contracts');
    expect(r.answer ?? '').not.toMatch(/Vennard/);
    // A party asked for may be answered with one.
    expect(s.engine.ask('which party could ukip stop from getting a majority?').status).toBe('answered');
  });

  it('the question put to a speaker is not their reply', () => {
    const s =
      'Asked whether Ms Farooq had threatened to resign over the issue, Ms Ashworth said: “That is complete nonsense.”';
    expect(check('How did Ashworth respond when asked if Farooq had threatened to quit?', s, 'over the issue')).toBe(
      'asked-not-said',
    );
    expect(check('What did Ashworth say about Farooq?', s, 'over the issue')).toBe('asked-not-said');
    // Other questions may be answered from the lead-in.
    expect(check('Why might Farooq have resigned?', s, 'over the issue')).not.toBe('asked-not-said');
  });

  it('an amount more or less than another is a difference, an answer only when a difference is asked', () => {
    const s = 'An internal report suggested the first phase could cost almost £60m more than members were told.';
    expect(check('how much will the first phase cost', s, '£60m')).toBe('difference-for-amount');
    expect(check('how much more will the first phase cost', s, '£60m')).toBeUndefined();
    expect(check('by how much has the cost gone up', s, '£60m')).toBeUndefined();
    expect(check('how much will the first phase cost', 'The first phase will cost £60m.', '£60m')).toBeUndefined();
  });

  it('a figure is nobody', () => {
    const s = 'Cobalt Omnibus Group puts the fall at 9%, and argues that the authority has exaggerated the problem.';
    expect(check('Who accused the authority of exaggerating the problem?', s, '9%')).toBe('figure-for-who');
    expect(check('Who puts the fall at 9%?', s, 'Cobalt Omnibus Group')).toBeUndefined();
  });

  it('a unit of time with no number is no length; a number joined to another unit counts that unit', () => {
    const s = 'Philippa Trask resigned as housing minister on Monday after days of pressure.';
    expect(check('how long had Trask been housing minister?', s, 'days')).toBe('unitless');
    expect(
      check('how long had Trask been housing minister?', 'She had served for 14 months.', '14 months'),
    ).toBeUndefined();
    // "For years, …" is a length: of what the sentence says lasted.
    const years = 'For years, Mr Miliband is said to have refused to speak to Mr Clegg.';
    expect(check('how long did Miliband refuse to talk to Clegg?', years, 'years')).toBeUndefined();
    const poll = 'Labour holds an 18-point lead over the Conservatives, according to a poll of 2,143 adults.';
    expect(check('how many people did Meridian survey', poll, '18')).toBe('count-of-other');
    expect(check('how many points ahead is Labour', poll, '18')).toBeUndefined();
    // A difference with its noun between: "350,000 more children in poverty than two years ago".
    const more = 'The trust finds 350,000 more children in poverty than two years ago.';
    expect(check('how many children are in poverty', more, '350,000')).toBe('difference-for-amount');
    expect(check('by how much has child poverty risen', more, '350,000')).toBeUndefined();
  });
});

describe("kindMismatch, session 27 (the read rounds' wrong answers)", () => {
  it('an ordinal counts nothing: "first" for "How old is …?"', () => {
    const s1 = "Wales's first minister, Rhian Caradog, has dismissed her education secretary.";
    expect(check('How old is the new education secretary?', s1, 'first')).toBe('ordinal-for-count');
    expect(
      check('How old is the new education secretary?', 'The new education secretary, 38, was sworn in.', '38'),
    ).toBeUndefined();
  });
  it('a time of day asked, none given', () => {
    const s1 = 'The result was declared at 5.12am on Friday at the Riverside Arena.';
    expect(check('What time was the result finally announced?', s1, '5.12am on Friday')).toBeUndefined();
    expect(
      check('What time was the result finally announced?', 'Labour last week announced a recruit.', 'last week'),
    ).toBe('other-clock');
    // "what time of year" asks no clock.
    expect(check('What time of year is the vote?', 'The vote is in the spring.', 'the spring')).toBeUndefined();
  });
  it('what someone is, for what they will do', () => {
    const s1 = 'Lord Hebden, a Liberal Democrat peer, has said he will retable the amendment at committee stage.';
    expect(check('What does Lord Hebden plan to do in the Lords?', s1, 'Liberal Democrat peer')).toBe(
      'description-for-action',
    );
    expect(
      check('What does Lord Hebden plan to do in the Lords?', s1, 'retable the amendment at committee stage'),
    ).toBeUndefined();
    expect(check('What is Lord Hebden?', s1, 'Liberal Democrat peer')).toBeUndefined();
  });
  it('a figure for what a "what … on?" asks; a time for a size', () => {
    const s1 = 'Rural councils will share £720 million and may spend up to a quarter on demand-responsive services.';
    expect(check('What are rural councils allowed to spend their share on?', s1, '£720 million')).toBe(
      'figure-for-what',
    );
    expect(check('How much will rural councils share?', s1, '£720 million')).toBeUndefined();
    // A final "on" that is no spending asks the figure itself.
    const poll = "Castlegate's own most recent survey put Labour on 41 per cent.";
    expect(check("What did Castlegate's own last poll have Labour on?", poll, '41 per cent')).toBeUndefined();
    const s2 = 'Both sides concede it will be difficult to win a majority in May 2015.';
    expect(check('How big a majority is Labour defending?', s2, 'in May 2015')).toBe('time-for-size');
    expect(
      check('How big a majority is Labour defending?', 'Labour is defending a majority of 6,412.', '6,412'),
    ).toBeUndefined();
  });
  it("another's figure in a listing sentence", () => {
    const s1 =
      'The Conservative candidate, Philippa Lowther, came third with 18,450 votes, followed by the Greens’ Kwame Amankwah with 9,812.';
    expect(check('How many votes did the Green Party candidate get?', s1, '18,450')).toBe('figure-of-other');
    expect(check('How many votes did the Green Party candidate get?', s1, '9,812')).toBeUndefined();
    expect(check('How many votes did Philippa Lowther get?', s1, '18,450')).toBeUndefined();
    // No one named before the figure: nothing to say whose it is ("A poll of 604 voters by Northgate Research").
    const s2 = 'A constituency poll of 604 voters by Northgate Research put the Lib Dems on 34%.';
    expect(check('How many people did Northgate Research survey?', s2, '604')).toBeUndefined();
  });
});
