import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampReply,
  errorReply,
  infoReply,
  MAX_ANSWER,
  MAX_TEXT,
  type Reply,
  toJsonContract,
  truncate,
} from '../../src/core/reply.js';

const base: Reply = {
  kind: 'answer',
  status: 'answered',
  question: 'q?',
  answer: 'Nick Clegg',
  text: 'Nick Clegg would stay on.',
  citations: [],
  confidence: 0.5,
};

describe('truncate', () => {
  it('leaves short text untouched', () => {
    expect(truncate('Nick Clegg', 120)).toBe('Nick Clegg');
    expect(truncate('', 5)).toBe('');
    expect(truncate('exactly10!', 10)).toBe('exactly10!');
  });

  it('cuts at a word boundary and marks the cut with an ellipsis', () => {
    const out = truncate('Ed Miliband would let Nick Clegg keep his job in a Lib-Lab pact', 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toBe('Ed Miliband would let Nick…');
  });

  it('cuts inside a long word when there is no useful space', () => {
    const out = truncate('Supercalifragilisticexpialidocious', 10);
    expect(out).toBe('Supercali…');
  });

  it('property: never longer than max, a prefix (modulo the ellipsis) when cut', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 2, max: 300 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (s.length <= max) expect(out).toBe(s);
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(s.startsWith(out.slice(0, -1))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('clampReply', () => {
  it('enforces the answer and text limits and clamps confidence to 0..1', () => {
    const long = clampReply({ ...base, answer: 'x '.repeat(200), text: 'word '.repeat(1000), confidence: 7 });
    expect((long.answer ?? '').length).toBeLessThanOrEqual(MAX_ANSWER);
    expect(long.text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(long.confidence).toBe(1);
    expect(clampReply({ ...base, confidence: -0.3 }).confidence).toBe(0);
    expect(MAX_ANSWER).toBe(120);
    expect(MAX_TEXT).toBe(1500);
  });

  it('keeps a null answer null and other fields as they are', () => {
    const r = clampReply({ ...base, status: 'unknown', answer: null, suggestions: ['a?'], questionId: 3 });
    expect(r.answer).toBeNull();
    expect(r.suggestions).toEqual(['a?']);
    expect(r.questionId).toBe(3);
    expect(r.text).toBe(base.text);
  });
});

describe('infoReply / errorReply', () => {
  it('an error reply is ephemeral, unknown, has no answer and no citations', () => {
    const r = errorReply('bad option');
    expect(r).toMatchObject({
      kind: 'error',
      status: 'unknown',
      answer: null,
      citations: [],
      confidence: 0,
      ephemeral: true,
    });
    expect(r.text).toBe('bad option');
    expect(errorReply('x'.repeat(5000)).text.length).toBeLessThanOrEqual(MAX_TEXT);
  });

  it('an info reply carries its title and is answered', () => {
    const r = infoReply('Sources', 'one article', { fields: [{ name: 'a', value: 'b' }] });
    expect(r).toMatchObject({ kind: 'info', status: 'answered', title: 'Sources', text: 'one article', answer: null });
    expect(r.fields).toEqual([{ name: 'a', value: 'b' }]);
  });
});

describe('toJsonContract', () => {
  it('has exactly the stable keys, citations reduced to {source, quote}', () => {
    const reply: Reply = {
      ...base,
      confidence: 0.123456,
      citations: [
        { source: 'art-1', quote: 'a quote', title: 'T', publication: 'P', asOf: 'April 2014', attribution: 'x' },
      ],
      fields: [{ name: 'n', value: 'v' }],
      questionId: 9,
      ephemeral: false,
    };
    const json = toJsonContract(reply, 'who is DPM?');
    expect(Object.keys(json)).toEqual(['question', 'status', 'answer', 'text', 'citations', 'confidence']);
    expect(json).toEqual({
      question: 'who is DPM?',
      status: 'answered',
      answer: 'Nick Clegg',
      text: base.text,
      citations: [{ source: 'art-1', quote: 'a quote' }],
      confidence: 0.123,
    });
    // Round-trips through JSON unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('uses the question it is given, even when the reply holds another', () => {
    expect(toJsonContract({ ...base, question: 'normalised' }, 'raw line').question).toBe('raw line');
    expect(toJsonContract({ ...errorReply('e') }, '').answer).toBeNull();
  });
});

describe('as-of labels', () => {
  it('says when an ingested source had no date of its own, rather than passing the ingestion day off as inferred', async () => {
    const { asOfLabel } = await import('../../src/core/answer/format.js');
    expect(asOfLabel({ published: '2014-04', precision: 'month', inferred: true })).toBe('April 2014 (inferred)');
    expect(
      asOfLabel({
        published: '2026-11-27',
        precision: 'day',
        inferred: true,
        origin: 'ingested',
        addedAt: '2026-11-27T14:04:15.254Z',
      }),
    ).toBe('27 November 2026 (date added; publication date unknown)');
    expect(asOfLabel({ published: '2017-11-17', precision: 'day', inferred: false, origin: 'ingested' })).toBe(
      '17 November 2017',
    );
  });
});
