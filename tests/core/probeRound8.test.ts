/**
 * Session 22, probe round 8 (tests/fixtures/probes/round8, scored once before it was read, development material
 * since): what it found wrong, fixed. Each article is asked in a knowledge base of its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { questionPredicate } from '../../src/core/answer/polarity.js';
import { reportedSource } from '../../src/core/nlp/attribution.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const childcare = fixtureServicesForFile('tests/fixtures/probes/round8/h1.txt', 'whip-r8-childcare-');
const nurses = fixtureServicesForFile('tests/fixtures/probes/round8/h2.txt', 'whip-r8-nurses-');
const lobbying = fixtureServicesForFile('tests/fixtures/probes/round8/h3.txt', 'whip-r8-lobbying-');
const colleges = fixtureServicesForFile('tests/fixtures/probes/session21/g3.txt', 'whip-r8-colleges-');
const uturn = fixtureServicesForFile('tests/fixtures/probes/session21/g1.txt', 'whip-r8-uturn-');
const narrator = fixtureServicesForFile('tests/fixtures/yesno/narrator-clause.txt', 'whip-r8-narrator-');

describe('a curated role claim is true as of its article, not for ever', () => {
  it.each([
    ['who is the labour leader', 'Rebecca Hartley', 'Ed Miliband'],
    ['who leads labour', 'Rebecca Hartley', 'Ed Miliband'],
    ['who is the leader of the conservatives', 'Malcolm Fenwick', 'David Cameron'],
  ])('%s: the newer article’s holder, the claim’s shown as earlier', (q, now, before) => {
    const r = childcare.engine().ask(q);
    expect(r.status).toBe('answered');
    expect(r.answer).toBe(now);
    expect(r.asOf).toBe('2 December 2026');
    expect(r.text).toContain(`earlier, ${before} (as of April 2014`);
    expect(r.citations.some((c) => isVerbatim(c.quote, childcare.text()))).toBe(true);
    expect(r.citations.some((c) => c.asOf?.startsWith('April 2014'))).toBe(true);
  });

  it('a party no newer article gives a leader keeps the claim’s holder, as of its date', () => {
    const r = childcare.engine().ask('who leads the lib dems');
    expect(r.answer).toBe('Nick Clegg');
    expect(r.asOf).toMatch(/2014/);
  });

  it('under a scenario the claim answers: an article’s today says nothing about what would be', () => {
    const r = childcare.engine().ask('who would be DPM under Lib-Lab?');
    expect(r.answer).toBe('Nick Clegg');
  });
});

describe('who a sentence is from', () => {
  it.each([
    [
      'The trust disputes that figure: Dr Laidlaw said the true number of vacancies was 212.',
      { kind: 'spokesman', description: 'The trust' },
    ],
    [
      'That is not the whole picture: Dr Laidlaw said the true number of vacancies was 212.',
      { kind: 'named', description: 'Dr Laidlaw' },
    ],
    [
      'In a statement, his solicitor, Jonathan Brisk of Harcourt Lane LLP, said the commissioner had erred.',
      { kind: 'named', description: 'his solicitor, Jonathan Brisk of Harcourt Lane LLP' },
    ],
    [
      'One senior consultant, who spoke on condition of anonymity, said some patients had waited.',
      { kind: 'anonymous', description: 'One senior consultant' },
    ],
  ])('%s', (sentence, source) => {
    expect(reportedSource(sentence)).toEqual(source);
  });

  it('a time is no colon before a speaker, nor is a colon before a quote', () => {
    expect(reportedSource('The count ended at 10:30 Mr Smith said nothing more.')).toBeUndefined();
    expect(reportedSource('Only one thing matters: “Mr Smith said so.”')).toBeUndefined();
  });
});

describe('disputes round 8 found unshown', () => {
  it('a figure its source calls the true one after "disputes that figure:" (the speaker after the colon)', () => {
    const r = nurses.engine().ask('how many nursing vacancies are there at the trust');
    expect(r.status).toBe('contested');
    const sides = r.sides?.map((s) => s.citations.map((c) => c.quote).join(' ')) ?? [];
    expect(sides.some((s) => s.includes('340'))).toBe(true);
    expect(sides.some((s) => s.includes('212'))).toBe(true);
  });

  it('"it did not recognise the 30-hour figure" contradicts the figure: both durations', () => {
    const r = nurses.engine().ask('How long were patients stuck in corridors over Christmas?');
    expect(r.status).toBe('contested');
    expect(r.answer).toBe('Contested: 30 hours or 19 hours');
  });

  it('"disputes the commissioner’s conclusion that he lobbied" contests the finding, wherever it ranks', () => {
    const r = lobbying.engine().ask("Did Lyle lobby ministers on Aquarel's behalf?");
    expect(r.status).toBe('contested');
    const no = r.sides?.find((s) => /^No/.test(s.label));
    expect(no?.citations[0]?.quote).toMatch(/disputes the commissioner's conclusion that he lobbied/);
    for (const side of r.sides ?? [])
      for (const c of side.citations) expect(isVerbatim(c.quote, lobbying.text())).toBe(true);
  });

  it('a figure read off the lead is weighed where the body states it, with its source and its rebuttal', () => {
    const r = childcare.engine().ask('How much will the childcare pledge really cost?');
    expect(r.status).toBe('contested');
    // The other side is the one that disputes it ("dismissed the costing, claiming … nearer £7bn"), not another
    // figure of the other party's ("His own headline pledge … £6.5bn").
    expect(r.answer).toBe('Contested: £4.2bn or £7bn');
  });

  it('"Labour officials denied that the timing had been altered" right after the claim answers it', () => {
    const r = childcare
      .engine()
      .ask('Did Labour bring the childcare announcement forward to distract from the selection row?');
    expect(r.status).toBe('contested');
    const quotes = r.sides?.flatMap((s) => s.citations.map((c) => c.quote)) ?? [];
    expect(quotes.some((x) => x.startsWith('Labour officials denied that the timing had been altered'))).toBe(true);
    expect(quotes.some((x) => x.startsWith('The strategist said the childcare announcement'))).toBe(true);
  });

  it('a disputed answer of another kind than asked is no answer: "£18m" for what the £18m is meant to pay for', () => {
    const r = nurses.engine().ask('What is the extra £18m meant to pay for?');
    expect(r.answer).not.toBe('£18m');
    expect(r.status).not.toBe('contested');
  });

  it('"disputed that figure" after another figure disputes that one, not the answer before it', () => {
    const three = colleges.engine().ask('how many colleges could run out of cash this year');
    expect(three.status).toBe('answered');
    expect(three.answer).toBe('three');
    const posts = colleges.engine().ask('how many lecturer posts have been lost');
    expect(posts.status).toBe('contested');
    const seat = uturn.engine().ask('what seat does treharne represent');
    expect(seat).toMatchObject({ status: 'answered', answer: 'Castlebridge North' });
  });
});

describe('people round 8 asked about', () => {
  it('"Did Greaves say …?" about a solicitor’s words: "No — that was Jonathan Brisk" (the firm is not his name)', () => {
    const r = lobbying.engine().ask('Did Greaves say the commissioner had fundamentally misread the correspondence?');
    expect(r.answer).toBe('No — that was Jonathan Brisk');
  });

  it.each([
    [lobbying, "what's brisk's role", "Mr Lyle's solicitor"],
    [lobbying, 'what does brisk do', "Mr Lyle's solicitor"],
    [nurses, 'what does gethin do', "the union's regional officer"],
    [nurses, 'what does Dr Laidlaw do for a living', "the trust's chief executive"],
  ])('%#: a role written before the name after "his"/"its" ("his solicitor, Jonathan Brisk of …")', (f, q, role) => {
    expect(f.engine().ask(q)).toMatchObject({ status: 'answered', answer: role });
  });

  it('a description opening with a possessive is owned as the sentence before names the owner', () => {
    expect(lobbying.engine().ask('what is brisk’s role').answer).toBe("Mr Lyle's solicitor");
    expect(nurses.engine().ask('what does gethin do').answer).toBe("the union's regional officer");
  });

  it('"What does X do?" asks for a job; what X would do about something is still an action', () => {
    expect(nurses.engine().ask('what does gethin do').answer).not.toMatch(/talk/);
  });
});

describe('organisations as users write them', () => {
  it('an acronym the articles never write is the organisation whose initials it is ("CQC")', () => {
    const r = nurses.engine().ask('what did the CQC rate the trust');
    expect(r.text).not.toMatch(/nothing about/);
    expect(r.citations[0]?.quote).toMatch(/Care Quality Commission rated the trust/);
    // An acronym nothing in the knowledge base spells out still stops at the vocabulary gate.
    expect(nurses.engine().ask('what did the XQZ rate the trust').text).toMatch(/nothing about “xqz”/);
  });

  it('a post of an organisation with a five-word name ("North Calder Hospitals NHS Trust")', () => {
    const r = nurses.engine().ask('Who is the chief executive of North Calder Hospitals NHS Trust?');
    expect(r).toMatchObject({ status: 'answered', answer: 'Dr Fiona Laidlaw' });
  });
});

describe('yes/no about a lower-case name', () => {
  it('the verb after the name is what is asked: "did aquarel win …" is not answered by a bid discussed', () => {
    const mentions = [{ start: 1, end: 2 }];
    expect(questionPredicate({ words: ['did', 'aquarel', 'win', 'the', 'contract'], mentions })).toBe('win');
    expect(questionPredicate({ words: ['does', 'lyle', 'still', 'have', 'the', 'whip'], mentions })).toBeUndefined();
    expect(questionPredicate({ words: ['was', 'lyle', 'suspended'], mentions })).toBe('suspended');
    const leader = 'did the council leader announce the u-turn'.split(' ');
    expect(questionPredicate({ words: leader, mentions: [{ start: 3, end: 4 }] })).toBe('announce');
    // A party before a noun is a modifier: "did the Tory motion …" names no predicate at "motion" (probe round 9).
    const motion = 'did the tory motion to ditch the default get through'.split(' ');
    expect(questionPredicate({ words: motion, mentions: [{ start: 2, end: 3, type: 'party' }] })).not.toBe('motion');
    // A preposition after the post continues the subject: the predicate is further on (probe round 9).
    const adviser = 'has the independent adviser on ministers interests opened an investigation'.split(' ');
    expect(questionPredicate({ words: adviser, mentions: [{ start: 3, end: 4 }] })).toBe('opened');
    expect(lobbying.engine().ask('did aquarel win the £40m contract').status).toBe('unknown');
  });

  it('a narrator’s relative clause is no source’s word: "No", not "No, according to Mr Lyle"', () => {
    expect(lobbying.engine().ask('Does Lyle still have the party whip?')).toMatchObject({
      status: 'answered',
      answer: 'No',
    });
    // "Mr Lyle, who has had the whip suspended since May, said he would appeal …" (a fixture written for this: the
    // clause is too long for the short answer, so whose word it is would be said).
    const r = narrator.engine().ask('Does Lyle still have the whip?');
    expect(r).toMatchObject({ status: 'answered', answer: 'No' });
  });
});
