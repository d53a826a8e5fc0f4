/**
 * Session 26, probe round 15 (tests/fixtures/probes/round15, written at session 25's start, scored blind six times at
 * 27/60, read in session 26). Each article is asked in a knowledge base of its own with the seed, as
 * eval/probeScore.ts asks it.
 */
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { isOrdinaryWord, lemma } from '../../src/core/nlp/lexical.js';
import { words } from '../../src/core/nlp/terms.js';
import { fixtureServicesForFile, polarityOf } from './helpers.js';

const council = fixtureServicesForFile('tests/fixtures/probes/round15/q1.txt', 'whip-r15-council-');
const visas = fixtureServicesForFile('tests/fixtures/probes/round15/q2.txt', 'whip-r15-visas-');
const welfare = fixtureServicesForFile('tests/fixtures/probes/round15/q3.txt', 'whip-r15-welfare-');
const hollinford = fixtureServicesForFile('tests/fixtures/probes/round14/p1.txt', 'whip-r15-hollinford-');

const polarity = polarityOf;

describe('"ex-" is "former" written as a prefix', () => {
  it('finds "its former chairman … resigned from the cabinet" for the ex-chairman', () => {
    for (const q of [
      'Did the ex-chairman of the solar farm company quit the cabinet?',
      'Did the ex chairman of the solar farm company quit the cabinet?',
    ]) {
      const r = council.engine().ask(q);
      expect(r.status, q).toBe('answered');
      expect(r.answer, q).toMatch(/^Yes\b/);
      expect(r.citations.map((c) => c.quote).join(' ')).toContain('Its former chairman, Councillor Neil Abbott');
    }
  });
});

describe('a "whether" clause that is the asked verb\'s object', () => {
  it('is no hedge: "had not yet decided whether to re-tender the work" is a No to "has it decided …?"', () => {
    expect(
      polarity(
        'Has the Home Office decided to put the work out to tender again?',
        'She said the department had not yet decided whether to re-tender the work.',
      ),
    ).toBe('no');
    const r = visas.engine().ask('Has the Home Office decided to put the work out to tender again?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
  it('still hedges what comes after a "whether" the question does not ask about', () => {
    // "decide" is not asked: whether it closes is still open.
    expect(
      polarity(
        'Will the council close the library?',
        'The council will decide next month whether to close the library.',
      ),
    ).toBe('unsure');
  });
});

describe('what is expected to happen', () => {
  it('is no yes: "are expected to table further amendments" hedges, and the defeat answers', () => {
    expect(
      polarity(
        "Did Ilesley's amendment get through?",
        'The bill now moves to committee stage, where Ilesley and her allies are expected to table further amendments.',
      ),
    ).toBe('unsure');
    const r = welfare.engine().ask("Did Ilesley's amendment get through?");
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
});

describe('the name of a person asked by their post', () => {
  it('is no organisation: "Weltonshire County Council" of "a former chief executive of Weltonshire County Council"', () => {
    const r = council.engine().ask("What's the name of Brackenmoor council's chief executive?");
    expect(r.status).toBe('unknown');
  });
  it('is not someone described only as a former holder of that post', () => {
    for (const q of [
      "who is Brackenmoor council's chief executive?",
      'who is the chief executive of Brackenmoor council?',
    ]) {
      const r = council.engine().ask(q);
      expect(r.status, q).toBe('unknown');
    }
  });
});

describe('who made a claim that is disputed', () => {
  it('is answered, not contested: the rebuttal disputes the estimate, not whose it is', () => {
    const r = welfare.engine().ask('Which think tank came up with the estimate of how many people lose out?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Fairbridge Institute');
    // The estimate itself is still contested.
    expect(welfare.engine().ask('how many people will lose out according to the Fairbridge Institute?').status).toBe(
      'contested',
    );
  });
});

describe('the party of a person', () => {
  it('is the party the articles describe them by, for a name or for a post', () => {
    for (const q of [
      'Which party is Dame Helen Corrigan from?',
      'What party does the chair of the committee belong to?',
    ]) {
      const r = visas.engine().ask(q);
      expect(r.status, q).toBe('answered');
      expect(r.answer, q).toBe('Conservative');
      expect(r.citations[0]?.quote).toContain('Dame Helen Corrigan, the Conservative MP for North Aldwick');
    }
    // A description at the end of its sentence: "…, and Richard Oyelaran, the Conservative MP for Sedgecombe."
    expect(hollinford.engine().ask('Which party is the Sedgecombe MP from?').answer).toBe('Conservative');
  });
  it('is not guessed for someone described by no party', () => {
    expect(visas.engine().ask('which party is Graham Roe from?').status).toBe('unknown');
  });
});

describe('words written short or spelt the British way', () => {
  it('reads "s114" as "section 114"', () => {
    expect(words('who signed the s114 notice?')).toEqual(['who', 'signed', 'the', 'section', '114', 'notice']);
    const r = council.engine().ask("who actually signed brackenmoor's s114 notice?");
    expect(r.text).not.toMatch(/nothing about/);
  });
  it('knows a doubled final l: "trialled" is "trial", "filled" still "fill"', () => {
    expect(lemma('trialled')).toBe('trial');
    expect(lemma('travelling')).toBe('travel');
    expect(lemma('filled')).toBe('fill');
    expect(isOrdinaryWord('trialled')).toBe(true);
    const r = welfare.engine().ask('In how many areas will the new test be trialled before going national?');
    expect(r.status).toBe('answered');
    expect(String(r.answer).toLowerCase()).toBe('four');
  });
});

describe('a job asked of a name the entity recogniser missed', () => {
  it('is the description the articles give it, as for "Who is …?"', () => {
    for (const q of ['What job does Callum Reddick have?', "what is callum reddick's job?"]) {
      const r = welfare.engine().ask(q);
      expect(r.status, q).toBe('answered');
      expect(r.answer, q).toBe('the minister for social security');
    }
  });
});

describe('two figures with a sentence between that says the second side puts it higher', () => {
  it('is contested: "41 Labour MPs voted against … The rebels put the figure considerably higher … 56"', () => {
    const r = welfare.engine().ask('How many Labour MPs rebelled?');
    expect(r.status).toBe('contested');
    expect(r.text).toContain('56');
    expect(r.text).toContain('41');
  });
});

describe('a bare surname reporting', () => {
  it('is the person the article named in full before ("Farrow said …" after "Denise Farrow")', async () => {
    const a = await analyseArticle(
      'The council leader, Denise Farrow, described the day as a dark one.\n\nFarrow said she would cooperate with the commissioners.',
    );
    expect(a.sentences[1]?.source).toEqual({ kind: 'named', description: 'Denise Farrow' });
  });
  it('is nobody when no one of that surname was named, or two were', async () => {
    const none = await analyseArticle(
      'Ministers met on Monday.\n\nFarrow said she would cooperate with the commissioners.',
    );
    expect(none.sentences[1]?.source).toBeUndefined();
    const two = await analyseArticle(
      'Denise Farrow and Tom Farrow both stood.\n\nFarrow said she would cooperate with the commissioners.',
    );
    expect(two.sentences[1]?.source).toBeUndefined();
  });
  it('answers who described the intervention so', () => {
    const r = council
      .engine()
      .ask('who described the govt stepping in as a political decision dressed up as a rescue?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Denise Farrow');
  });
});
