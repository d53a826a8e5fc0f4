/**
 * The actions lane (lanes/actions.ts): "What would Thorne do about the freight levy?" asks for a verb phrase, which
 * the span reader never offers. Over invented articles (tests/fixtures/probes), and the verb-phrase reading alone.
 */
import { describe, expect, it } from 'vitest';
import { actionAfter } from '../../src/core/answer/lanes/actions.js';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const memo = fixtureServicesForFile('tests/fixtures/probes/leadership-memo.txt', 'whip-actions-memo-');

describe('what someone would do', () => {
  it('reads the verb phrase after a modal that follows the doer, for each doer', () => {
    const thorne = memo.engine().ask('What would Thorne do about the freight levy?');
    expect(thorne.status).toBe('answered');
    expect(thorne.answer).toBe('scrap the proposed £2bn freight levy');
    for (const c of thorne.citations) expect(isVerbatim(c.quote, memo.text())).toBe(true);
    const aldridge = memo.engine().ask('What would Aldridge do about the levy?');
    expect(aldridge.answer).toBe('keep the levy');
  });
});

describe('the verb phrase', () => {
  const chunksOf = async (text: string) => (await analyseArticle(text)).sentences[0]?.chunks;

  it('is introduced by a modal or "to", or follows a let-or-make doer directly', async () => {
    const polls = 'Polls suggest UKIP could allow Labour to win enough key marginal seats to gain power.';
    expect(actionAfter(polls, await chunksOf(polls), polls.indexOf('Labour') + 6)).toBe(
      'win enough key marginal seats to gain power',
    );
    const headline = 'Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact';
    const after = headline.indexOf('Clegg') + 5;
    expect(actionAfter(headline, await chunksOf(headline), after, false, true)).toBe('keep his job in Lib-Lab pact');
    // Without a let or a make in the question, a verb straight after the name is what they did, not may do.
    expect(actionAfter(headline, await chunksOf(headline), after)).toBeUndefined();
  });

  it('is never a reporting verb or a past participle in what someone reported', async () => {
    const told = 'Lord Pembury told peers that existing leaseholders had been “left behind” by the bill.';
    expect(actionAfter(told, await chunksOf(told), told.indexOf('Pembury') + 7)).toBeUndefined();
  });
});
