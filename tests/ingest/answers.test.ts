/**
 * Answering across ingested articles, through the real CLI: the three fixture articles under
 * tests/fixtures/articles (written for these tests; not the seed) are ingested with `whip ingest`, then asked
 * about with `whip ask --json`. Every question is about people, quotes, numbers or places that appear ONLY in
 * those fixtures, and one yes/no question has its two sides in two different articles (`contested`).
 *
 * The expectations are what a reader of the fixtures would answer; they are not tuned to the engine's current
 * output, so some may fail until the engine improves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, whip } from './helpers.js';

interface Answer {
  question: string;
  status: 'answered' | 'contested' | 'unknown';
  answer: string | null;
  text: string;
  citations: { source: string; quote: string }[];
  confidence: number;
}

type Fixture = 'approved' | 'shelved' | 'wokingham';
const FILES: Record<Fixture, string> = {
  approved: 'northern-arc-approved.md',
  shelved: 'northern-arc-shelved.html',
  wokingham: 'wokingham-north-by-election.txt',
};

interface Case {
  q: string;
  /** The short answer must match. */
  answer?: RegExp;
  /** Some citation from `from` must contain this text. */
  cites?: string;
  from: Fixture;
}

const CASES: Record<string, Case[]> = {
  people: [
    { q: 'Who is the Transport Secretary?', answer: /Eleanor Whitcombe/i, from: 'approved' },
    { q: 'Who is Tom Ashdown?', answer: /leader of Hull City Council/i, from: 'approved' },
    { q: 'Who is Dominic Pryce?', answer: /shadow transport secretary/i, from: 'shelved' },
    { q: 'Who is the Chancellor?', answer: /Marcus Fairley/i, from: 'shelved' },
    {
      q: 'Who is the Liberal Democrat candidate in the Wokingham North by-election?',
      answer: /Anika Sorensen/i,
      from: 'wokingham',
    },
  ],
  quotes: [
    {
      q: 'What did Eleanor Whitcombe say about the Northern Arc?',
      cites: 'The Northern Arc will be built, and it will be built in full',
      from: 'approved',
    },
    { q: 'Who said “The money simply isn’t there for the Northern Arc”?', answer: /Treasury source/i, from: 'shelved' },
    {
      q: 'Who said the first contracts would be let this summer?',
      answer: /spokesman for the Department for Transport/i,
      from: 'approved',
    },
    {
      q: 'What did Dr Sorensen say about the NHS?',
      cites: 'I have spent fifteen years on the front line of the NHS',
      from: 'wokingham',
    },
  ],
  numbers: [
    { q: 'How much will the Northern Arc rail link cost?', answer: /£\s?4\.2\s?(billion|bn)/i, from: 'approved' },
    { q: 'How many jobs will the Northern Arc support?', answer: /11,000/, from: 'approved' },
    { q: 'How long is the Northern Arc line?', answer: /68[- ]mile/i, from: 'approved' },
    { q: 'What was Sir Graham Tolley’s majority?', answer: /4,312/, from: 'wokingham' },
  ],
  places: [
    {
      q: 'Which cities will the Northern Arc rail link connect?',
      answer: /Bradford.*Hull|Hull.*Bradford/i,
      from: 'approved',
    },
    { q: 'Where is Anika Sorensen a GP?', answer: /Crowthorne/i, from: 'wokingham' },
    { q: 'Where would the cheaper upgrade of the existing line run through?', answer: /Goole/i, from: 'shelved' },
  ],
};
const CONTESTED = 'Will the Northern Arc rail link be built?';

let dataDir: string;
const ids = {} as Record<Fixture, string>;
const answers = new Map<string, Answer>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whip-answers-'));
  const env = { WHIP_DATA_DIR: dataDir };
  const files = (Object.keys(FILES) as Fixture[]).map((k) => join(FIXTURES, 'articles', FILES[k]));
  const ingest = await whip(['ingest', '--json', ...files], env);
  if (ingest.code !== 0) throw new Error(`whip ingest failed (${ingest.code}): ${ingest.stderr}`);
  const outcomes = ingest.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { source: string; id: string });
  for (const k of Object.keys(FILES) as Fixture[]) {
    const o = outcomes.find((x) => x.source.endsWith(FILES[k]));
    if (!o) throw new Error(`${FILES[k]} was not ingested`);
    ids[k] = o.id;
  }
  // Build the engine's analysis cache once, then ask in parallel.
  await whip(['sources'], env);
  const questions = [
    ...Object.values(CASES)
      .flat()
      .map((c) => c.q),
    CONTESTED,
  ];
  const replies = await Promise.all(questions.map((q) => whip(['ask', '--json', q], env)));
  replies.forEach((r, i) => {
    const q = questions[i] as string;
    if (!r.stdout.trim()) throw new Error(`no reply to "${q}" (exit ${r.code}): ${r.stderr}`);
    answers.set(q, JSON.parse(r.stdout) as Answer);
  });
}, 300_000);
afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

for (const [kind, cases] of Object.entries(CASES)) {
  describe(`questions about ${kind} found only in the fixtures`, () => {
    for (const c of cases) {
      it(c.q, () => {
        const a = answers.get(c.q) as Answer;
        const detail = JSON.stringify({ status: a.status, answer: a.answer, citations: a.citations }, null, 1);
        expect(a.status, detail).toBe('answered');
        if (c.answer) expect(a.answer ?? '', detail).toMatch(c.answer);
        const fromFixture = a.citations.filter((x) => x.source === ids[c.from]);
        expect(fromFixture.length, `a citation from ${FILES[c.from]}\n${detail}`).toBeGreaterThan(0);
        if (c.cites)
          expect(
            fromFixture.some((x) => x.quote.includes(c.cites as string)),
            detail,
          ).toBe(true);
      });
    }
  });
}

describe('a question whose sides are in two different articles', () => {
  it(CONTESTED, () => {
    const a = answers.get(CONTESTED) as Answer;
    const detail = JSON.stringify(a, null, 1);
    expect(a.status, detail).toBe('contested');
    const sources = new Set(a.citations.map((c) => c.source));
    expect(sources.has(ids.approved), detail).toBe(true);
    expect(sources.has(ids.shelved), detail).toBe(true);
    expect(
      a.citations.some((c) => c.source === ids.approved && /will be built/.test(c.quote)),
      detail,
    ).toBe(true);
    expect(
      a.citations.some((c) => c.source === ids.shelved && /will not be built|isn’t there|shelve/.test(c.quote)),
      detail,
    ).toBe(true);
  });
});
