/**
 * An article's analysis is a function of the article alone, not of what the process analysed before it. wink-nlp
 * caches each token text with the category of its first sighting: after "X.75" (a piece of a word) a standalone
 * "75" lost its number category, and with it its CARDINAL entity, in every later article (found in session 10:
 * the SQuAD article on packet switching changed the analysis of a news article ingested after it).
 */
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/core/nlp/analyse.js';

const TARGET = [
  'Council tax row',
  '',
  'The row is expected to dominate the county elections on 2 May, when all 75 seats on the council are up for election.',
].join('\n');
const DISTRACTOR =
  'Tymnet was also connected to dozens of other public networks in the U.S. and internationally via X.25/X.75 gateways. Version 19.5 of COVID-19 rules used 2,143 A1 forms.';

describe('article analysis does not depend on what was analysed before', () => {
  it('keeps "75" a number after "X.75" was read as a piece of a word', async () => {
    await analyseArticle(DISTRACTOR);
    const after = await analyseArticle(TARGET);
    const s = after.sentences.find((x) => x.text.includes('all 75 seats'));
    expect(s?.numbers).toContain('75');
    expect(s?.quantities?.map((q) => q.text)).toContain('75');
  });

  it('gives the same analysis before and after other articles', async () => {
    const first = await analyseArticle(TARGET);
    await analyseArticle(DISTRACTOR);
    await analyseArticle('The 19 MPs, 25 peers and 75 councillors met in room 121 at 2pm on 3 March 2021.');
    expect(await analyseArticle(TARGET)).toEqual(first);
  });
});
