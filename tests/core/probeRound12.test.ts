/**
 * Session 24, probe round 12 (tests/fixtures/probes/round12, written by a helper this session and scored blind at the
 * session's start and after its round-11 fixes: 27/60, traps 8/12, 10 wrong answers both times; development material
 * since): replies of a kind the question does not ask for. Each article is asked in a knowledge base of its own with
 * the seed.
 */
import { describe, expect, it } from 'vitest';
import { findRebuttal } from '../../src/core/answer/rebuttal.js';
import { fixtureServicesForFile } from './helpers.js';

const byelection = fixtureServicesForFile('tests/fixtures/probes/round12/m2.txt', 'whip-r12-byelection-');
const schools = fixtureServicesForFile('tests/fixtures/probes/round12/m3.txt', 'whip-r12-schools-');

describe('replies of the kind asked, round 12', () => {
  it('a party asked for is answered with a party or not at all', () => {
    // The article never says Rhodri Bevan's party: "council's leader" had been the answer.
    expect(byelection.engine().ask('which party does council leader Rhodri Bevan belong to?').status).toBe('unknown');
  });

  it('a place asked for is not answered with a party, nor a job with a person', () => {
    expect(byelection.engine().ask('Where are the votes going to be counted?').answer ?? '').not.toMatch(/Lib Dems/);
    // "Dev Marwood" (a name the recogniser missed) is nobody's job.
    expect(
      byelection.engine().ask('What did Gary Whitlock do for a living before standing for Reform UK?').answer ?? '',
    ).not.toMatch(/Marwood/);
  });

  it('how big a majority is not answered with a date', () => {
    // "in May 2015" came from the seed article's "… to win a majority in May 2015".
    expect(byelection.engine().ask('How big a majority is Labour defending?').answer ?? '').not.toMatch(/2015/);
  });
});

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
