import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import { questionFit, sentenceFit } from '../../src/core/answer/fit.js';
import type { Knowledge } from '../../src/core/answer/knowledge.js';
import { coverage, weighTerms } from '../../src/core/answer/match.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import { contentStems, stem } from '../../src/core/nlp/terms.js';
import type { Services } from '../../src/core/services.js';
import { realServices, removeTempDirs } from './helpers.js';

let services: Services;
let k: Knowledge;
beforeAll(async () => {
  services = await realServices();
  k = services.engine.k;
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

/** The fit of one sentence to a question (the article names everything; no entities in the sentence). */
function fitOf(question: string, text: string, ents: string[] = []): number {
  const p = parseQuestion(question, k);
  const f = questionFit(p, weighTerms(p, k), k, (id) => k.entities.get(id)?.type);
  return sentenceFit(f, { text, stems: new Set(contentStems(text)), ents, articleNames: () => true });
}

describe('how well a sentence fits what the question asks', () => {
  it('is 1 for a sentence that meets every demand', () => {
    expect(
      fitOf(
        'Who is the Chief Secretary to the Treasury?',
        'Liz Truss, the Chief Secretary to the Treasury, defended the plan.',
      ),
    ).toBe(1);
  });

  it('wants the qualifier asked for ("shadow") and a name-less description matched in full', () => {
    const text = 'Liz Truss, the Chief Secretary to the Treasury, defended the plan.';
    expect(fitOf('Who is the shadow chief secretary to the Treasury?', text)).toBeLessThan(0.5);
  });

  it('does not take a counterfactual or a condition for what happened, except for yes/no questions', () => {
    const counterfactual = 'Had it won, Mr Pilling would have become the party’s first MP.';
    expect(fitOf('Who won the by-election?', counterfactual)).toBeLessThan(1);
    const conditional = 'If the Chancellor were forced out, Sajid Javid would be the likeliest successor.';
    expect(fitOf('Who won the by-election?', conditional)).toBeLessThan(1);
    expect(fitOf('Is Sajid Javid after the job?', conditional)).toBe(1);
    expect(fitOf('Who would replace the Chancellor if he were forced out?', conditional)).toBe(1);
  });

  it('wants the quantity noun asked about (a percentage counts for a share)', () => {
    const ukip = k.matcher.find('UKIP')[0]?.id ?? 'ukip';
    expect(fitOf("What was Labour's majority?", 'Labour’s Sir Ed, 51, spoke.', ['labour'])).toBeLessThan(1);
    expect(fitOf("What was Labour's majority?", 'Labour held the seat with a majority of 1,987.', ['labour'])).toBe(1);
    expect(fitOf("What was Ukip's share of the vote?", 'Ukip won 35.8 per cent.', [ukip])).toBe(1);
    // A party asked about and named neither in the sentence nor as its article's subject.
    expect(fitOf("What was Labour's majority?", 'The majority was 1,987.')).toBe(0.75);
  });

  it('discounts evidence from an article that never names the party asked about', () => {
    const p = parseQuestion('How many seats did Labour lose?', k);
    const f = questionFit(p, weighTerms(p, k), k, (id) => k.entities.get(id)?.type);
    const s = { text: 'Twenty seats were lost.', stems: new Set(contentStems('Twenty seats were lost.')), ents: [] };
    expect(sentenceFit(f, { ...s, articleNames: () => false })).toBeLessThan(
      sentenceFit(f, { ...s, articleNames: () => true }),
    );
  });
});

describe('evidence about someone else', () => {
  it('another person in the sentence is a conflict, unless a person is the answer asked for', async () => {
    const { entityConflict } = await import('../../src/core/answer/match.js');
    const typeOf = (id: string) => k.entities.get(id)?.type;
    const p = parseQuestion('Who would replace Nick Clegg?', k);
    const other = k.matcher.find('David Cameron')[0]?.id as string;
    expect(other).toBeDefined();
    expect(entityConflict(p, [other], typeOf)).toBe(true);
    expect(entityConflict(p, [other], typeOf, 'person')).toBe(false);
  });
});

describe('a question word and its irregular forms', () => {
  it('are one term: "lose" finds "lost", "ran" finds "run"', () => {
    const p = parseQuestion('How many seats did the Tories lose?', k);
    const w = weighTerms(p, k);
    const lose = w.terms.find((t) => t.word === 'lose');
    expect(lose?.synonyms).toContain(stem('lost'));
    const lost = new Set(contentStems('The Conservatives lost 212 seats across England.'));
    const kept = new Set(contentStems('The Conservatives kept 212 seats across England.'));
    expect(coverage(w, lost).score).toBeGreaterThan(coverage(w, kept).score);
    const ran = weighTerms(parseQuestion('Who ran the campaign?', k), k).terms.find((t) => t.word === 'ran');
    expect(ran?.synonyms).toContain(stem('run'));
  });
  it('are not added to a name ("Won" the surname is not "win")', () => {
    const p = parseQuestion('What did Rachel Won say?', k);
    const won = weighTerms(p, k).terms.find((t) => t.word === 'won');
    expect(won).toBeDefined();
    expect(won?.synonyms).not.toContain(stem('win'));
  });
});
