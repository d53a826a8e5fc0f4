/**
 * Articles Whip was not written for (invented fixtures ingested into a fresh store over the seed KB).
 * "What did X say?": the speaker's own words or reported speech, never the words of someone whose description
 * names them; a speaker described by words that name no known entity ("the Ministry of Justice") is matched by
 * those words; with nothing said by the speaker, an honest unknown. A dispute the article states ("The central
 * point in dispute is whether …") answers a yes/no question about it as contested, with the two sides after it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import type { Engine } from '../../src/core/answer/engine.js';
import { expandAcronyms, parseQuestion } from '../../src/core/answer/parse.js';
import type { Services } from '../../src/core/services.js';
import { ROOT, removeTempDirs, servicesWithArticles } from './helpers.js';

const FIXTURES = ['quotes/prison-building-costs.txt', 'disputes/planning-dinner.txt', 'probes/fuel-duty-delay.txt'].map(
  (f) => join(ROOT, 'tests/fixtures', f),
);
let services: Services;

beforeAll(async () => {
  services = await servicesWithArticles(FIXTURES, 'whip-quotes-');
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

const ask = (q: string) => services.engine.ask(q);

describe('what a named person said', () => {
  it('with no topic asked, reported speech by the person answers ("Mr Baker told MPs … that …")', () => {
    const reply = ask('What did Tom Baker say?');
    expect(reply.status).toBe('answered');
    expect(reply.answer).toMatch(/finished by 2027/);
    // Not the official "close to the Justice Secretary, Tom Baker" who admitted the costs were underestimated.
    expect(reply.text).not.toMatch(/badly underestimated/);
  });

  it('with a topic the person never spoke about, still an honest unknown', () => {
    const reply = ask('What did Tom Baker say about overcrowding?');
    expect(reply.status).toBe('unknown');
    expect(reply.answer).toBeNull();
  });
});

describe('a speaker described by words that name no known entity', () => {
  it('parses the words naming the speaker apart from the topic', () => {
    const p = parseQuestion('what did the ministry of justice say about the figures?', (services.engine as Engine).k);
    expect(p.type).toBe('whatsaid');
    expect(p.speakerTerms).toEqual(['ministri', 'justic']);
    expect(p.terms).toContain('figur');
  });

  it.each([
    'what did the ministry of justice say?',
    'What did the Ministry of Justice spokesman say?',
    // The article never writes "MoJ": the acronym is asked as the article writes the ministry.
    'what did the moj say?',
  ])("%s → the ministry spokesman's quote", (q) => {
    const reply = ask(q);
    expect(reply.status).toBe('answered');
    expect(reply.answer).toMatch(/NAO's figure is wrong/);
    expect(reply.citations[0]?.attribution).toMatch(/Ministry of Justice spokesman/);
  });

  it('the ministry words must describe the speaker: the shadow secretary is not the ministry', () => {
    const reply = ask('what did the ministry of justice say about ministers hiding figures?');
    expect(reply.answer ?? '').not.toMatch(/hiding the real figures/);
  });
});

describe('a role asked for', () => {
  it('"the Downing Street spokesman" is the Prime Minister\'s spokesman, not any spokesman in the KB', () => {
    const reply = ask('what did the downing street spokesman say?');
    expect(reply.status).toBe('answered');
    expect(reply.answer).toMatch(/accepted her resignation/);
  });

  it('is not someone close to its holder, nor its shadow, but whoever an article describes as the role', () => {
    const reply = ask('what did the justice secretary say?');
    expect(reply.text).not.toMatch(/badly underestimated|lost control/);
    // "the Justice Secretary, Tom Baker" — quoted as "Mr Baker told MPs …": said with who that is, and why.
    expect(reply.answer).toMatch(/finished by 2027/);
    expect(reply.text).toMatch(/^Tom Baker is the Justice Secretary\./);
    expect(reply.citations.map((c) => c.quote).join(' ')).toMatch(/the Justice Secretary, Tom Baker/);
    expect(ask('what did the shadow justice secretary say?').answer).toMatch(/lost control/);
  });

  it('"the housing minister Philippa Marchbank": the role before the name describes her; her words answer', () => {
    const reply = ask('what did the housing minister say?');
    expect(reply.answer).toMatch(/done nothing wrong/);
    expect(ask('who is philippa marchbank?').answer).toBe('the housing minister');
  });
});

describe('who a name is, when the entity recogniser missed it or recorded no description', () => {
  it.each([
    ['who is oswin drury?', 'the chairman of Kestrel Vale Homes'],
    ['who is derwent akinola?', 'the Opposition housing spokesman'],
  ])('%s → %s, from the sentence that says so', (q, want) => {
    const reply = ask(q);
    expect(reply.status).toBe('answered');
    expect(reply.answer).toBe(want);
    expect(reply.citations[0]?.quote).toContain(want.replace(/^the/, ''));
  });
});

describe('a party and a role of it', () => {
  it('"the Labour leader" is its leader, not any Labour speaker', () => {
    // Not the fixture's Labour spokesman, nor the seed's "senior Labour figures".
    const leader = ask('what did the labour leader say?');
    expect(leader.text).not.toMatch(/full inquiry|Senior Labour figures said/);
    expect(ask('what did the labour spokesman say?').answer).toMatch(/full inquiry/);
  });
});

describe('acronyms of government bodies', () => {
  const k = () => (services.engine as Engine).k;
  it('are spelt out when the KB never writes them, and kept when it does', () => {
    expect(expandAcronyms('what did the moj say?', k())).toBe('what did the Ministry of Justice say?');
    expect(expandAcronyms('did the DWP and hmrc agree?', k())).toBe(
      'did the Department for Work and Pensions and HM Revenue and Customs agree?',
    );
    // The fixture writes "NAO": asked as written. A word that merely contains one is untouched.
    expect(expandAcronyms('what did the nao say?', k())).toBe('what did the nao say?');
    expect(expandAcronyms('a modest mood', k())).toBe('a modest mood');
  });
});

describe('a dispute the article states', () => {
  it('a yes/no question about it is contested, with the two sides that follow, each with its source', () => {
    const reply = ask('did marchbank tell her officials about the dinner?');
    expect(reply.status).toBe('contested');
    expect(reply.answer).toBe('Contested: sources disagree');
    const sides = reply.sides ?? [];
    expect(sides).toHaveLength(2);
    expect(sides[0]?.text).toMatch(/private office/);
    expect(sides[1]?.text).toMatch(/no record of the meeting/);
    expect(sides[1]?.citations[0]?.attribution).toMatch(/sources in the housing department/);
  });

  it('a wh-question about a fact the dispute does not touch is not contested', () => {
    const reply = ask('when did marchbank resign?');
    expect(reply.status).not.toBe('contested');
  });
});

describe('a yes or no a source gave', () => {
  it('says whose word it is when the clause it rests on does not fit the short answer', () => {
    // "A Treasury spokesman said the delay was … and denied that the Chancellor had been forced into a U-turn."
    const reply = ask('was the chancellor forced into a u-turn?');
    expect(reply.answer).toBe('No, according to a Treasury spokesman');
  });

  it('but not a source only carried over from the paragraph ("Sir Geoffrey said … But the group … will not oppose")', () => {
    const reply = ask('will the rural motorists group oppose the budget?');
    expect(reply.answer).toBe('No');
  });

  it('a plan put off is not going ahead then ("delayed by three months")', () => {
    expect(ask('will the rise go ahead in january?').answer).toMatch(/^No\b/);
  });

  it('who said a phrase quoted inside reported speech: the reported sentence\'s source, not "unattributed"', () => {
    expect(ask('who said the government had lost control of its party?').answer).toMatch(/Anita Rowe/);
  });
});
