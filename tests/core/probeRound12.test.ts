/**
 * Session 24, probe round 12 (tests/fixtures/probes/round12, written by a helper this session and scored blind at the
 * session's start and after its round-11 fixes: 27/60, traps 8/12, 10 wrong answers both times; development material
 * since). Its reply-kind guards (a party, a place, a job, an amount asked) were measured and reverted: they cost two
 * right answers on the blind sets (docs/quality-history.md, session 24). What is kept: "open to challenge" is no
 * rebuttal. Each article is asked in a knowledge base of its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { findRebuttal } from '../../src/core/answer/rebuttal.js';
import { fixtureServicesForFile } from './helpers.js';

const schools = fixtureServicesForFile('tests/fixtures/probes/round12/m3.txt', 'whip-r12-schools-');

describe('what is no rebuttal, round 12', () => {
  it('"could be open to challenge" contradicts nobody', () => {
    const r = schools.engine().ask('What did the best-paid academy trust boss get last year?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('£312,000');
    const article = {
      analysis: {
        sentences: [
          { i: 0, p: 0, part: 'body', text: 'The council said the pay cap would save £312,000 a year.' },
          {
            i: 1,
            p: 0,
            part: 'body',
            text: 'Mr Pell said the decision followed advice that a cap could be open to challenge in the courts.',
          },
        ],
      },
    } as unknown as Parameters<typeof findRebuttal>[0];
    expect(findRebuttal(article, 0, new Set(['cap', 'save']))).toBeUndefined();
    // The same sentence challenging it does dispute it.
    const challenged = structuredClone(article);
    (challenged.analysis.sentences[1] as { text: string }).text =
      'Mr Pell challenged the claim that a cap would save money.';
    expect(findRebuttal(challenged, 0, new Set(['cap', 'save']))).toEqual({ claim: 0, rebuttal: 1 });
  });
});
