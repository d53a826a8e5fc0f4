/**
 * Competing figures (answer/figures.ts): an amount one source gives, contradicted in the same article by another
 * source's amount of the same kind, is contested — when one of them says it is a dispute ("the true rate"), rebuts
 * the other ("dismissed that figure"), or the paragraph says the number is disputed before giving both (session
 * 17: the other figure may then be in the next sentence, however low the re-scorer ranked it).
 */
import { describe, expect, it } from 'vitest';
import { competingFigures } from '../../src/core/answer/figures.js';
import type { ScoredSentence } from '../../src/core/answer/rescore.js';
import type { Quantity } from '../../src/core/nlp/analyse.js';

interface MockArticle {
  id: string;
  title: string;
  published: string;
  analysis: { sentences: unknown[] };
}
const mockArticle = (id: string, title: string): MockArticle => ({
  id,
  title,
  published: '2025-06-01',
  analysis: { sentences: [] },
});
const article = mockArticle('prisons', 'Prisons will run out of space again');

/** A scored sentence of `inArticle` (its own paragraph unless `p` is given), registered in the article's analysis. */
function sentence(
  i: number,
  text: string,
  score: number,
  quantities: Quantity[],
  source?: string,
  inArticle: MockArticle = article,
  p = i,
): ScoredSentence {
  const s = {
    i,
    p,
    part: 'body',
    text,
    quantities,
    ...(source ? { source: { kind: 'named', description: source } } : {}),
  };
  inArticle.analysis.sentences[i] = s;
  return {
    score,
    evidence: { article: inArticle, quote: text },
    article: inArticle,
    sentence: s,
    cov: score,
    agree: 1,
  } as unknown as ScoredSentence;
}

const pct = (text: string): Quantity => ({ text, kind: 'percent', unit: '' });
const REPORT = sentence(3, 'The report says that 19 per cent of prisoners released early were recalled.', 0.5, [
  pct('19 per cent'),
]);
const MINISTRY = sentence(5, 'The Ministry of Justice says the true recall rate for the scheme is 11 per cent.', 0.48, [
  pct('11 per cent'),
]);

describe('competing figures', () => {
  it('gives both figures, each with its sentence, when another source disputes the amount', () => {
    const sides = competingFigures('19 per cent', REPORT, [REPORT, MINISTRY]);
    expect(sides?.map((s) => s.label)).toEqual(['19 per cent', '11 per cent']);
    expect(sides?.[1]?.evidence[0]?.quote).toBe(MINISTRY.sentence.text);
  });

  it('is not a dispute without a word that makes it one, from the same source, of another kind, or far weaker', () => {
    const also = sentence(5, 'The report also found that 11 per cent were recalled twice.', 0.48, [pct('11 per cent')]);
    expect(competingFigures('19 per cent', REPORT, [REPORT, also])).toBeUndefined();
    const money = sentence(5, 'The Ministry of Justice says the true cost is £11m.', 0.48, [
      { text: '£11m', kind: 'money', unit: '' },
    ]);
    expect(competingFigures('19 per cent', REPORT, [REPORT, money])).toBeUndefined();
    const weak = sentence(9, 'The Ministry of Justice says the true rate of reoffending is 11 per cent.', 0.1, [
      pct('11 per cent'),
    ]);
    expect(competingFigures('19 per cent', REPORT, [REPORT, weak])).toBeUndefined();
    const unattributed = sentence(3, 'About 19 per cent of prisoners were recalled.', 0.5, [pct('19 per cent')]);
    expect(competingFigures('19 per cent', unattributed, [unattributed, MINISTRY])).toBeUndefined();
  });

  it('reads a dispute stated earlier in the paragraph, and the other figure from the next sentence', () => {
    const count = (text: string): Quantity => ({ text, kind: 'count', unit: '' });
    const council = mockArticle('ballots', 'Labour takes Brackenfield');
    const paragraph = (i: number, text: string, quantities: Quantity[], source?: string) =>
      sentence(i, text, 0.6, quantities, source, council, 7);
    const okoro = () =>
      paragraph(
        11,
        'Labour’s election agent, Denise Okoro, said more than 300 people had been refused ballot papers.',
        [count('more than 300')],
        'Denise Okoro',
      );
    const office = () =>
      paragraph(
        12,
        'The council’s electoral services office said its officers had recorded 41 voters who were turned away.',
        [count('41')],
      );
    paragraph(10, 'The number turned away in Brackenfield quickly became a point of dispute.', []);
    const from = okoro();
    const next = office();
    // The re-scorer ranked only the answer's sentence: the other figure is its neighbour.
    const sides = competingFigures('300', from, [from]);
    expect(sides?.map((x) => x.label)).toEqual(['300', '41']);
    expect(sides?.[1]?.evidence[0]?.quote).toBe(next.sentence.text);
    // Without the sentence saying it is disputed, two sources' counts next to each other are two facts.
    paragraph(10, 'Turnout in Brackenfield was 31 per cent.', []);
    expect(competingFigures('300', from, [from])).toBeUndefined();
  });

  it('finds who gives a figure past a relative clause ("The National Layer Federation, which represents …, said")', () => {
    const money = (text: string): Quantity => ({ text, kind: 'money', unit: '' });
    const eggs = mockArticle('eggs', 'MPs debate a ban on cages');
    const federation = sentence(
      4,
      'The National Layer Federation, which represents egg producers, said a ban would cost the industry £420 million.',
      0.9,
      [money('£420 million')],
      undefined,
      eggs,
    );
    const campaign = sentence(
      6,
      'The Open Barn Campaign said the true figure was closer to £150 million.',
      0.6,
      [money('£150 million')],
      undefined,
      eggs,
    );
    expect(competingFigures('£420 million', federation, [federation, campaign])?.map((x) => x.label)).toEqual([
      '£420 million',
      '£150 million',
    ]);
  });

  it('a verb of rebuttal makes two sources\' figures a dispute ("dismissed that figure")', () => {
    const count = (text: string): Quantity => ({ text, kind: 'count', unit: '' });
    const budget = mockArticle('budget', 'Hammond faces revolt');
    const rebels = sentence(
      2,
      'Up to 40 Conservative MPs say they could vote against the Budget.',
      0.4,
      [count('40')],
      'Up to 40 Conservative MPs',
      budget,
    );
    const allies = sentence(
      5,
      'Allies of the chancellor dismissed that figure, claiming fewer than a dozen MPs would rebel.',
      0.3,
      [count('a dozen')],
      'Allies of the chancellor',
      budget,
    );
    expect(competingFigures('40', rebels, [rebels, allies])?.map((x) => x.label)).toEqual(['40', 'a dozen']);
  });
});
