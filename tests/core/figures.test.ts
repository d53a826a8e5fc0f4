/**
 * Competing figures (answer/figures.ts): an amount one source gives, contradicted in the same article by another
 * source's amount of the same kind, is contested — when one of them says it is a dispute ("the true rate").
 */
import { describe, expect, it } from 'vitest';
import { competingFigures } from '../../src/core/answer/figures.js';
import type { ScoredSentence } from '../../src/core/answer/rescore.js';
import type { Quantity } from '../../src/core/nlp/analyse.js';

const article = { id: 'prisons', title: 'Prisons will run out of space again', published: '2025-06-01' };

function sentence(i: number, text: string, score: number, quantities: Quantity[], source?: string): ScoredSentence {
  const s = {
    i,
    p: i,
    part: 'body',
    text,
    quantities,
    ...(source ? { source: { kind: 'named', description: source } } : {}),
  };
  return {
    score,
    evidence: { article, quote: text },
    article,
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
});
