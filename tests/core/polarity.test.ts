/**
 * Yes/no polarity from the evidence (answer/polarity.ts): negation and hedges near the words the question
 * matched, and a question word denied by its WordNet antonym in the evidence ("succeed" vs "the failed talks").
 */
import { describe, expect, it } from 'vitest';
import { polarity } from '../../src/core/answer/polarity.js';
import { antonyms } from '../../src/core/nlp/lexical.js';
import { isStopword, stem, words } from '../../src/core/nlp/terms.js';

/** The question's content stems, as the engine passes them. */
function ask(question: string, sentence: string) {
  const ws = words(question);
  return polarity({ words: ws }, sentence, new Set(ws.filter((w) => !isStopword(w)).map(stem)));
}

const TALKS =
  'He was part of the team during the failed talks between Gordon Brown and Mr Clegg after the 2010 election.';

describe('polarity', () => {
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

describe('antonyms', () => {
  it('come from WordNet through the lemma', () => {
    expect(antonyms('succeed')).toContain('fail');
    expect(antonyms('won')).toContain('lose');
    expect(antonyms('rises')).toContain('fall');
    expect(antonyms('parliament')).toEqual([]);
  });
});
