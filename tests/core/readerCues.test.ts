/**
 * Candidate spans, reader cues and the verifier's antonym veto on an article the project was not written for
 * (tests/fixtures/reader/prison-places.txt, invented): a hyphenated name is one candidate, a number the question
 * states is a restatement whatever its thousands separator, and evidence saying the opposite of a question word
 * next to the span ("the smallest … is Brindle Heath" for "Which is the largest …?") does not answer it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import type { Engine } from '../../src/core/answer/engine.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import { candidateSpans } from '../../src/core/answer/read.js';
import { antonymSwapped, notAWho } from '../../src/core/answer/verify.js';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { decodeChunks } from '../../src/core/nlp/chunks.js';
import type { Services } from '../../src/core/services.js';
import { ROOT, removeTempDirs, servicesWithArticles } from './helpers.js';

let services: Services;
beforeAll(async () => {
  services = await servicesWithArticles([join(ROOT, 'tests/fixtures/reader/prison-places.txt')], 'whip-cues-');
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

function spansFor(q: string) {
  const engine = services.engine as Engine;
  const r = engine.inspect(q);
  if (!('passages' in r)) throw new Error(`no passages for "${q}": lane ${r.lane}`);
  const mentionsOf = (text: string) => engine.k.textInfo(text).mentions.map((m) => m.id);
  return candidateSpans(r.p, r.weights, r.passages, mentionsOf);
}

describe('candidate spans', () => {
  it('keeps a hyphenated name whole, and a number inside a compound still a number', async () => {
    const a = await analyseArticle(
      'Ifan Pryderi-Jones, a 20-year-old campaigner, praised the cage-free pledge made in the Rhine–Meuse delta.',
    );
    const spans = a.sentences.flatMap((s) => decodeChunks(s.chunks).map((c) => [c.kind, s.text.slice(c.start, c.end)]));
    expect(spans).toContainEqual(['proper', 'Ifan Pryderi-Jones']);
    expect(spans).toContainEqual(['number', '20']);
    expect(spans.map(([, t]) => t)).toContain('cage-free pledge');
    expect(spans.map(([, t]) => t)).toContain('Rhine–Meuse delta');
    expect(spans.map(([, t]) => t)).not.toContain('Jones');
  });

  it('offers the whole hyphenated name as an answer to "which MP …?"', () => {
    const texts = spansFor('Which MP opened the debate for the opposition?').map((s) => s.text);
    expect(texts).toContain('Ifan Pryderi-Jones');
  });
});

describe('reader features', () => {
  it('counts a number the question states as restating the question, whatever the thousands separator', () => {
    const spans = spansFor('How many of the promised 20,000 places have been built?');
    const stated = spans.find((s) => s.text === '20,000');
    const built = spans.find((s) => s.text === '6,400');
    expect(stated?.features.get('span.qoverlap')).toBe(1);
    expect(stated?.features.get('span.allq')).toBe(1);
    expect(built?.features.get('span.qoverlap') ?? 0).toBe(0);
  });
});

describe('the verifier’s antonym veto', () => {
  it('refuses a span the evidence gives for the opposite of what is asked, and says why', async () => {
    const largest = await services.engine.ask('Which is the largest of the three sites under review?');
    expect(largest.status).toBe('unknown');
    expect(largest.text).toContain('opposite of “largest”');
    const smallest = await services.engine.ask('Which is the smallest of the three sites under review?');
    expect(smallest.status).toBe('answered');
    expect(smallest.answer).toBe('Brindle Heath');
  });

  it('reads the word after "how" as part of the question word, and an antonym the question uses as no swap', () => {
    const p = (q: string) => parseQuestion(q, services.engine.k);
    const sentence = 'Fewer than 2,000 doctors would pay more, making her the youngest new minister.';
    const at = (text: string) => ({ start: sentence.indexOf(text), end: sentence.indexOf(text) + text.length });
    expect(antonymSwapped(p('How many doctors would pay more?'), sentence, at('2,000'))).toBeUndefined();
    expect(antonymSwapped(p('How old is the new minister?'), sentence, at('youngest'))).toBeUndefined();
    expect(antonymSwapped(p('Who is the oldest minister?'), sentence, at('youngest'))).toBe('oldest');
  });
});

describe('the verifier’s type veto', () => {
  it('never answers "who" with a sum, a count, a share or a date', () => {
    const p = (q: string) => parseQuestion(q, services.engine.k);
    expect(notAWho(p('Who came up with the freight levy?'), { kind: 'money', text: '£2bn' })).toBe(true);
    expect(notAWho(p('Who came up with the freight levy?'), { kind: 'noun', text: '2' })).toBe(true);
    expect(notAWho(p('Who came up with the freight levy?'), { kind: 'proper', text: 'the policy commission' })).toBe(
      false,
    );
    expect(notAWho(p('How much is the freight levy?'), { kind: 'money', text: '£2bn' })).toBe(false);
  });

  it('nor with a phrase in lower case that names no people or body', () => {
    const p = (q: string) => parseQuestion(q, services.engine.k);
    const who = p('Who is in charge of the think tank Transit Futures?');
    expect(notAWho(who, { kind: 'noun', text: 'more bus funding' })).toBe(true);
    expect(notAWho(who, { kind: 'noun', text: 'its chief executive' })).toBe(false);
    expect(notAWho(who, { kind: 'noun', text: 'a senior party figure' })).toBe(false);
    expect(notAWho(who, { kind: 'proper', text: 'Owen Prichard' })).toBe(false);
    expect(notAWho(p('What is in charge of the fund?'), { kind: 'noun', text: 'more bus funding' })).toBe(false);
  });
});
