/**
 * Session 25, probe round 13 (tests/fixtures/probes/round13, scored blind twice in session 24 at 34/60, read at its
 * end) and the yes/no misses of rounds 2–13 (4 of every 10 answerable yes/no questions went unanswered, most of them
 * a "No" the article states). Each article is asked in a knowledge base of its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { readPolarity } from '../../src/core/answer/polarity.js';
import { isStopword, stem, words } from '../../src/core/nlp/terms.js';
import { fixtureServicesForFile } from './helpers.js';

const council = fixtureServicesForFile('tests/fixtures/probes/round13/n3.txt', 'whip-r13-council-');
const water = fixtureServicesForFile('tests/fixtures/probes/round6/f1.txt', 'whip-r13-water-');
const inquiry = fixtureServicesForFile('tests/fixtures/probes/round11/l2.txt', 'whip-r13-inquiry-');

function polarity(question: string, sentence: string) {
  const ws = words(question);
  return readPolarity({ words: ws }, sentence, new Set(ws.filter((w) => !isStopword(w)).map(stem))).polarity;
}

describe('a yes/no whose best sentence is unsure', () => {
  it('is answered by a close sentence that denies it', () => {
    // The best sentence supposes it ("could be required to issue a section 114 notice"); the next says it has not.
    const r = council.engine().ask('Has Glanferin issued a section 114 notice?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.citations.map((c) => c.quote).join(' ')).toContain('has not issued such a notice');
  });
});

describe('an indirect question answered in its own sentence', () => {
  it('reads the reply\'s auxiliary: "said he would not" is a no, "said it would" a yes', () => {
    const pressed = 'Pressed repeatedly on whether he would hand back any of his bonus, Mr Oakhurst said he would not.';
    expect(polarity('Will Oakhurst hand back his bonus?', pressed)).toBe('no');
    expect(
      polarity(
        'Will the council appeal the ruling?',
        'Asked if the council would appeal the ruling, the leader said it would.',
      ),
    ).toBe('yes');
  });
  it('stays unsure when the reply says something else, or nothing is answered', () => {
    expect(
      polarity(
        'Will the council appeal the ruling?',
        'Asked if the council would appeal the ruling, the leader said she did not know.',
      ),
    ).toBe('unsure');
    expect(
      polarity('Will the council appeal the ruling?', 'It is unclear whether the council will appeal the ruling.'),
    ).toBe('unsure');
  });
  it('answers in the engine', () => {
    const r = water.engine().ask('is the chief exec handing back his bonus');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });
});

describe('a phrasal verb asked', () => {
  it('finds the article\'s single word for it ("go on for" an inquiry "lasting eight months")', () => {
    const r = inquiry.engine().ask("How long did the committee's inquiry go on for?");
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/eight months/i);
  });
});
