/**
 * The answering stages on their own: chunking (candidate spans), the reader's features and softmax, the
 * verifier's evidence checks, and the deterministic fitting of the linear models.
 */
import { describe, expect, it } from 'vitest';
import { calibrationError, FeatureIndex, fitLogistic, fitRanker } from '../../eval/fit.js';
import { statesCount } from '../../src/core/answer/extract.js';
import type { Knowledge } from '../../src/core/answer/knowledge.js';
import { correctTerm } from '../../src/core/answer/match.js';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { decodeChunks } from '../../src/core/nlp/chunks.js';

describe('correctTerm', () => {
  it('looks each word up once per knowledge, and never answers one knowledge from another’s memo', () => {
    let lookups = 0;
    const knowledgeOf = (vocabulary: string[]) =>
      ({
        terms: {
          *near(initial: string) {
            lookups++;
            for (const v of vocabulary) if (v[0] === initial) yield v;
          },
        },
      }) as unknown as Knowledge;
    const a = knowledgeOf(['campaign']);
    expect(correctTerm('campain', a)).toBe('campaign');
    expect(correctTerm('campain', a)).toBe('campaign');
    expect(lookups).toBe(1);
    expect(correctTerm('zzzzzz', a)).toBeUndefined();
    expect(correctTerm('zzzzzz', a)).toBeUndefined();
    expect(lookups).toBe(2);
    const b = knowledgeOf(['campaigns']);
    expect(correctTerm('campain', b)).toBeUndefined();
    expect(correctTerm('campaigs', b)).toBe('campaigns');
  });
});

describe('statesCount', () => {
  it('reads digits and number words as a count, and a bare noun as none', () => {
    for (const a of ['106', '13 years', 'thirteen', 'dozens of MPs', 'a single seat', 'none', '£3.8bn'])
      expect(statesCount(a), a).toBe(true);
    for (const a of ['years', 'target seats', 'the North', 'Mr Clegg']) expect(statesCount(a), a).toBe(false);
  });
});

describe('chunks', () => {
  it('offers noun phrases, coordinations, entities and reason clauses as candidate spans', async () => {
    const a = await analyseArticle(
      'The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, a region in France. They left because they wanted to win the war.',
    );
    const spans = a.sentences.flatMap((s) => decodeChunks(s.chunks).map((c) => [c.kind, s.text.slice(c.start, c.end)]));
    const texts = spans.map(([, t]) => t);
    expect(texts).toContain('10th and 11th centuries');
    expect(texts).toContain('Normandy');
    expect(texts).toContain('France');
    expect(spans).toContainEqual(['clause', 'because they wanted to win the war']);
    // Verbs are markers, not answers.
    expect(spans.filter(([k]) => k === 'verb').map(([, t]) => t)).toContain('gave');
  });
});

describe('fitting', () => {
  it('learns to rank the feature that marks the right candidate first, and is deterministic', () => {
    const index = new FeatureIndex();
    const mk = (good: boolean, noise: number) =>
      index.row(
        new Map([
          ['good', good ? 1 : 0],
          ['noise', noise],
        ]),
      );
    const examples = Array.from({ length: 20 }, (_, i) => ({
      rows: [mk(false, (i % 3) / 3), mk(true, ((i + 1) % 3) / 3), mk(false, ((i + 2) % 3) / 3)],
      positive: [false, true, false],
      weight: 1,
    }));
    const a = fitRanker(examples, index.names.length, { epochs: 100, learningRate: 0.1, l2: 1e-3 });
    const b = fitRanker(examples, index.names.length, { epochs: 100, learningRate: 0.1, l2: 1e-3 });
    expect(a.w).toEqual(b.w);
    expect(a.w[0]).toBeGreaterThan(1);
    expect(Math.abs(a.w[1] ?? 0)).toBeLessThan(a.w[0] ?? 0);
  });

  it('fits a logistic verifier whose probabilities follow the label', () => {
    const index = new FeatureIndex();
    const examples = Array.from({ length: 40 }, (_, i) => ({
      row: index.row(new Map([['support', i % 2]])),
      label: i % 2,
      weight: 1,
    }));
    const { w, bias } = fitLogistic(examples, index.names.length, { epochs: 200, learningRate: 0.1, l2: 1e-3 });
    const p = (x: number) => 1 / (1 + Math.exp(-(bias + (w[0] ?? 0) * x)));
    expect(p(1)).toBeGreaterThan(0.8);
    expect(p(0)).toBeLessThan(0.2);
    expect(
      calibrationError([
        { p: 0.9, y: 1 },
        { p: 0.1, y: 0 },
      ]),
    ).toBeCloseTo(0.1, 5);
  });
});

import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../src/core/answer/engine.js';
import { MODELS } from '../../src/core/answer/model/linear.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import { candidateSpans, questionPreposition, readSpans } from '../../src/core/answer/read.js';
import type { Services } from '../../src/core/services.js';
import { realServices, removeTempDirs } from './helpers.js';

describe('the pipeline on the seed KB', () => {
  let services: Services;
  beforeAll(async () => {
    services = await realServices();
  });
  afterAll(async () => {
    await services.db.destroy();
    removeTempDirs();
  });

  it('reports every stage: passages, a reading with a best span, a verdict with a probability', () => {
    const r = (services.engine as Engine).inspect('Where does Labour find it hardest to win seats?');
    expect('passages' in r && r.passages.length).toBeGreaterThan(0);
    if (!('reading' in r) || !r.reading?.best || !r.verdict) throw new Error(`no reading: lane ${r.lane}`);
    expect(r.reading.best.text).toMatch(/south/i);
    expect(r.verdict.probability).toBeGreaterThan(0);
    expect(r.verdict.probability).toBeLessThanOrEqual(1);
    expect(r.reply.confidence).toBeCloseTo(r.verdict.probability, 5);
  });

  it('answers with the same best span, probability and margin as the reading that keeps every candidate', () => {
    // readSpans without features streams the candidates (no object per span); it must pick exactly what the
    // full reading (inspect, training) picks, down to the last bit of the probability.
    const k = services.engine.k;
    const mentionsOf = (text: string) => k.textInfo(text).mentions.map((m) => m.id);
    let compared = 0;
    for (const q of [
      'Where does Labour find it hardest to win seats?',
      "When will Labour's next leadership election be held?",
      'Who was part of Labour’s negotiating team in 2010?',
      'How many target seats has Labour identified?',
      'Which party will take votes from the Conservatives?',
    ]) {
      const r = (services.engine as Engine).inspect(q);
      if (!('passages' in r) || !r.passages.length) continue;
      const full = readSpans(r.p, r.weights, r.passages, MODELS.reader, mentionsOf, true);
      const fast = readSpans(r.p, r.weights, r.passages, MODELS.reader, mentionsOf, false);
      expect(fast.spans.length).toBe(1);
      expect(full.spans.length).toBeGreaterThan(1);
      const pick = (s: typeof fast.best) => s && { ...s, features: [...s.features] };
      expect(pick(fast.best)).toEqual(pick(full.best));
      expect(fast.margin).toBe(full.margin);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(4);
  });

  it('marks the object of the preposition the question hangs its wh-phrase on, and whether a question word leads to it', () => {
    const k = services.engine.k;
    const p = (q: string) => (services.engine as Engine).inspect(q);
    expect(questionPreposition(parseQuestion('What is Axelrod going to advise Labour on?', k))).toBe('on');
    expect(questionPreposition(parseQuestion('In what year did the talks fail?', k))).toBe('in');
    expect(questionPreposition(parseQuestion('What is Axelrod going to advise?', k))).toBeUndefined();
    const r = p('What is Axelrod going to advise Labour on?');
    if (!('passages' in r)) throw new Error(`no passages: lane ${r.lane}`);
    const mentionsOf = (text: string) => k.textInfo(text).mentions.map((m) => m.id);
    const spans = candidateSpans(r.p, r.weights, r.passages.slice(0, 1), mentionsOf);
    const campaign = spans.find((s) => s.text === 'next year’s general election campaign');
    // "… to advise the party on next year's general election campaign": "advise" is three words before "on".
    expect(campaign?.features.get('span.prep')).toBe(1);
    expect(campaign?.features.get('span.prepNear')).toBe(1);
    for (const s of spans.filter((x) => /Obama|Axelrod/.test(x.text))) expect(s.features.get('span.prep') ?? 0).toBe(0);
  });

  it('tells the verifier which question words the evidence’s whole article never uses', () => {
    const features = (q: string) => {
      const r = (services.engine as Engine).inspect(q);
      if (!('verdict' in r) || !r.verdict) throw new Error(`no verdict: lane ${r.lane}`);
      return r.verdict.features;
    };
    // Every word is in the article (and in the evidence window).
    const plain = features('What was Axelrod recruited to advise Labour on?');
    expect(plain.get('q.missingArticle') ?? 0).toBe(0);
    // "target seats" are in the article but not next to Axelrod: missing from the window, not from the article.
    const elsewhere = features('What was Axelrod recruited to advise Labour on for its target seats?');
    expect(elsewhere.get('q.missing') ?? 0).toBeGreaterThan(0);
    expect(elsewhere.get('q.missingArticle') ?? 0).toBe(0);
    // "pensions" is nowhere in the article.
    const absent = features('What was Axelrod recruited to advise Labour on about pensions?');
    expect(absent.get('q.missingArticle') ?? 0).toBeGreaterThan(0);
    expect(absent.get('q.missingArticle') ?? 0).toBeLessThanOrEqual(absent.get('q.missing') ?? 0);
  });

  it('counts a name with its courtesy title as restating the question ("Mr Miliband" for "… Miliband …?")', () => {
    const k = services.engine.k;
    const r = (services.engine as Engine).inspect('Who is Miliband determined not to repeat the mistakes of?');
    if (!('passages' in r)) throw new Error(`no passages: lane ${r.lane}`);
    const mentionsOf = (text: string) => k.textInfo(text).mentions.map((m) => m.id);
    const spans = candidateSpans(r.p, r.weights, r.passages, mentionsOf).filter((s) => s.text === 'Mr Miliband');
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) expect(s.features.get('span.qoverlap')).toBe(1);
  });

  it('never answers "how many" with a span that states no count, whatever the verifier says', () => {
    // "For years, Mr Miliband is said to have refused to speak to Mr Clegg": the reader's best span is "years".
    const q = 'How many years did Miliband refuse to speak to Clegg?';
    const r = (services.engine as Engine).inspect(q);
    if (!('reading' in r) || !r.reading?.best) throw new Error(`no reading: lane ${r.lane}`);
    expect(r.reading.best.text).toBe('years');
    expect(r.reply.status).toBe('unknown');
    expect(services.engine.ask(`Exactly ${q.toLowerCase()}`).status).toBe('unknown');
  });

  it('does not stop on an ordinary word the KB lacks, only on an unknown name', () => {
    const paraphrase = services.engine.ask('Who would move into Downing Street if the Lib-Lab deal happened?');
    expect(paraphrase.text).not.toMatch(/nothing about .move/);
    const name = services.engine.ask('What did Zebulon Quartermaine say about the coalition?');
    expect(name.status).toBe('unknown');
  });

  it("answers 'what did Miliband say' with his or his spokesman's words, never those of someone close to him", () => {
    for (const q of ['What did Miliband say?', 'What did Ed Miliband say about the Lib Dems?']) {
      const r = services.engine.ask(q);
      expect(r.status).not.toBe('unknown');
      for (const c of r.citations) expect(c.attribution ?? '').not.toMatch(/close to|allies|figures/i);
      expect(r.attribution ?? '').toMatch(/Miliband/);
    }
  });
});
