/**
 * The knowledge base's retrieval index in the store (issue #12): kept in step with articles in the same
 * transaction, counted by kb_version on every backend, and searched through FTS5 on SQLite with the same meaning
 * as the in-memory retriever.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { Engine } from '../../src/core/answer/engine.js';
import { MemoryRetriever } from '../../src/core/answer/memoryRetriever.js';
import { containsToken, type RetrievalQuery } from '../../src/core/answer/retriever.js';
import { processTerm, words } from '../../src/core/nlp/terms.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { HEAP_INDEX_SENTENCES, retrieverFor } from '../../src/kb/runtime.js';
import { type ArticleInput, ArticleStore } from '../../src/store/articles.js';
import { type Db, openDatabase, sqliteHandleOf, storeFile } from '../../src/store/db.js';
import { FtsRetriever, storeRetriever } from '../../src/store/ftsRetriever.js';
import { RowsRetriever } from '../../src/store/rowsRetriever.js';
import { kbVersion, sentenceRows } from '../../src/store/sentenceIndex.js';
import { storeBackends } from '../support/backends.js';
import { ROOT, removeTempDirs, tempDir } from './helpers.js';

afterAll(() => removeTempDirs());
const backends = storeBackends();

/** Services over the seed KB plus two fixture articles ingested into a fresh store. */
async function seedWithFixtures(prefix: string) {
  const dir = tempDir(prefix);
  const db = await openDatabase(storeFile(dir));
  const fixtures = ['wokingham-north-by-election.txt', 'northern-arc-approved.md'];
  await ingestSources(
    fixtures.map((f) => join(ROOT, 'tests/fixtures/articles', f)),
    { db, timeoutMs: 10_000 },
  );
  await db.destroy();
  return createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
}

const article = (id: string, body: string): ArticleInput => ({
  id,
  origin: 'ingested',
  title: `Title of ${id}`,
  publication: null,
  publicationConfirmed: false,
  published: '2024-05-01',
  precision: 'day',
  inferred: false,
  note: null,
  author: null,
  url: null,
  body,
  parts: {},
});

const analysis = (...texts: string[]) => JSON.stringify({ sentences: texts.map((text, i) => ({ i, text })) });

async function sentencesOf(db: Db, id: string): Promise<{ sentence: number; stems: string }[]> {
  return db
    .selectFrom('kb_sentences')
    .select(['sentence', 'stems'])
    .where('article_id', '=', id)
    .orderBy('sentence')
    .execute();
}

async function totals(db: Db): Promise<{ sentences: number; length_total: number }> {
  const row = await db.selectFrom('kb_version').select(['sentences', 'length_total']).executeTakeFirstOrThrow();
  return { sentences: Number(row.sentences), length_total: Number(row.length_total) };
}

describe.each(backends)('kb_sentences and kb_version on $name', (backend) => {
  it('index an analysis when it is saved, drop it when the article changes or goes, and count every change', async () => {
    const db = await backend.open();
    try {
      const store = new ArticleStore(db);
      const v0 = await kbVersion(db);
      await store.upsert(article('a1', 'The Chancellor cut taxes.'));
      expect(await kbVersion(db)).toBe(v0 + 1);
      await store.saveAnalysis('a1', 'h1', 1, analysis('The Chancellor cut taxes.', 'Voters were pleased.'));
      expect(await kbVersion(db)).toBe(v0 + 2);
      expect(await sentencesOf(db, 'a1')).toEqual([
        { sentence: 0, stems: 'chancellor cut tax' },
        { sentence: 1, stems: 'voter pleas' },
      ]);
      // The index's totals (BM25's document count and lengths) move with it.
      expect(await totals(db)).toEqual({ sentences: 2, length_total: 7 });
      // Unchanged content: nothing happens, nothing is counted.
      expect((await store.upsert(article('a1', 'The Chancellor cut taxes.'))).changed).toBe(false);
      expect(await kbVersion(db)).toBe(v0 + 2);
      // New content: the old analysis no longer describes it, so its sentences leave the index.
      await store.upsert(article('a1', 'The Chancellor raised taxes.'));
      expect(await sentencesOf(db, 'a1')).toEqual([]);
      expect(await kbVersion(db)).toBe(v0 + 3);
      expect(await totals(db)).toEqual({ sentences: 0, length_total: 0 });
      await store.saveAnalysis('a1', 'h2', 1, analysis('The Chancellor raised taxes.', 'Taxes, taxes, taxes.'));
      expect((await sentencesOf(db, 'a1')).map((r) => r.stems)).toEqual(['chancellor rais tax', 'tax tax tax']);
      expect(await totals(db)).toEqual({ sentences: 2, length_total: 5 });
      await store.remove('a1');
      expect(await sentencesOf(db, 'a1')).toEqual([]);
      expect(await totals(db)).toEqual({ sentences: 0, length_total: 0 });
      expect(await store.get('a1')).toBeUndefined();
      expect(await store.analysis('a1', 'h2', 1)).toBeUndefined();
      expect(await kbVersion(db)).toBe(v0 + 5);
      expect(await store.lastChange()).toBe(`v${v0 + 5}`);
    } finally {
      await db.destroy();
    }
  });

  it('writes nothing of an article whose transaction fails: neither its index rows nor a change', async () => {
    const db = await backend.open();
    try {
      const v0 = await kbVersion(db);
      await expect(
        db.transaction().execute(async (trx) => {
          const store = new ArticleStore(trx);
          await store.upsert(article('a2', 'Labour won the seat.'));
          await store.saveAnalysis('a2', 'h', 1, analysis('Labour won the seat.'));
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(await sentencesOf(db, 'a2')).toEqual([]);
      expect(await kbVersion(db)).toBe(v0);
    } finally {
      await db.destroy();
    }
  });
});

describe('sentenceRows', () => {
  it('tokenises exactly as the in-memory index does: words() tokens and their processTerm() stems', () => {
    const text = 'Sir Vince Cable’s by-election campaign cost £5m, the Lib Dems said.';
    const [row] = sentenceRows({ sentences: [{ i: 3, text }] });
    expect(row?.sentence).toBe(3);
    expect(row?.words).toBe(words(text).join(' '));
    expect(row?.stems).toBe(
      words(text)
        .map((w) => processTerm(w))
        .filter(Boolean)
        .join(' '),
    );
  });
});

describe('FtsRetriever (SQLite FTS5)', () => {
  it('ranks sentences by BM25 over their stems and finds entities by their names as phrases', async () => {
    const db = await openDatabase(join(tempDir('whip-fts-'), 'whip.sqlite'));
    try {
      const store = new ArticleStore(db);
      await store.upsert(article('a1', 'x'));
      await store.saveAnalysis(
        'a1',
        'h',
        1,
        analysis(
          'The Chancellor cut taxes on fuel.',
          'Sir Vince Cable spoke about the cable industry.',
          'Fuel duty was frozen; fuel prices fell.',
          'A cable car opened.',
        ),
      );
      const retriever = storeRetriever(db) as FtsRetriever;
      expect(retriever).toBeInstanceOf(FtsRetriever);
      const byTerms = retriever.retrieve({ terms: ['fuel'], entities: [], weights: [] }, 5);
      // The sentence with "fuel" twice ranks first; both fuel sentences, nothing else.
      expect(byTerms.map((h) => h.sentence)).toEqual([2, 0]);
      expect(byTerms.every((h) => h.lane === 'terms' && h.score > 0)).toBe(true);
      const query: RetrievalQuery = {
        terms: [],
        entities: [
          {
            id: 'vince-cable',
            names: [
              ['sir', 'vince', 'cable'],
              ['vince', 'cable'],
            ],
          },
        ],
        weights: [{ stem: 'industri', synonyms: [], weight: 2, known: true, word: 'industry' }],
      };
      // "cable car" does not name Vince Cable; the phrase does.
      expect(retriever.retrieve(query, 5).map((h) => [h.sentence, h.lane, h.score])).toEqual([[1, 'entities', 2.01]]);
      expect(retriever.retrieve({ terms: ['nowher'], entities: [], weights: [] }, 5)).toEqual([]);
      // No question term held: sentences naming every asked entity first, then any, in the KB's order.
      const two: RetrievalQuery = {
        terms: [],
        entities: [
          { id: 'vince-cable', names: [['vince', 'cable']] },
          { id: 'fuel', names: [['fuel']] },
        ],
        weights: [{ stem: 'nowher', synonyms: [], weight: 1, known: false, word: 'nowhere' }],
      };
      expect(retriever.retrieve(two, 5).map((h) => [h.sentence, h.score])).toEqual([
        [0, 0.01],
        [1, 0.01],
        [2, 0.01],
      ]);
      expect(retriever.retrieve(two, 2).map((h) => h.sentence)).toEqual([0, 1]);
      const both: RetrievalQuery = {
        ...two,
        entities: [
          { id: 'cable-car', names: [['cable', 'car']] },
          { id: 'cable', names: [['cable']] },
        ],
      };
      expect(retriever.retrieve(both, 5).map((h) => [h.sentence, h.score])).toEqual([
        [3, 0.02],
        [1, 0.01],
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('returns what the in-memory retriever returns on a real knowledge base (seed KB plus fixtures)', async () => {
    const services = await seedWithFixtures('whip-fts-kb-');
    try {
      const engine = services.engine as Engine;
      const k = engine.k;
      const fts = storeRetriever(services.db as Db) as FtsRetriever;
      const memory = new MemoryRetriever(k);
      const queries: RetrievalQuery[] = [
        { terms: ['candidate'].map((w) => processTerm(w) as string), entities: [], weights: [] },
        { terms: ['coalition', 'deal'].map((w) => processTerm(w) as string), entities: [], weights: [] },
        {
          terms: [],
          entities: ['nick-clegg', 'ed-miliband'].map((id) => ({
            id,
            names: [k.entities.get(id)?.name ?? id, ...(k.entities.get(id)?.aliases ?? [])].map((x) => words(x)),
          })),
          weights: [
            { stem: processTerm('coalition') as string, synonyms: [], weight: 1, known: true, word: 'coalition' },
          ],
        },
      ];
      for (const q of queries) {
        const key = (h: { article: string; sentence: number }) => `${h.article}#${h.sentence}`;
        const a = fts.retrieve(q, 10).map(key);
        const b = memory.retrieve(q, 10).map(key);
        expect(a.length, JSON.stringify(q)).toBeGreaterThan(0);
        // Terms are ranked by the same BM25+ as MiniSearch: the same sentences in the same order.
        if (!q.entities.length) expect(a).toEqual(b);
        else expect(new Set(a)).toEqual(new Set(b));
      }
      // The entity window made small enough to bite: the same latest sentences (this store indexed its articles
      // in the knowledge's order), fewer than without it.
      const q = queries[2] as RetrievalQuery;
      const small = (r: { retrieve: FtsRetriever['retrieve'] }) =>
        r.retrieve(q, 10).map((h) => `${h.article}#${h.sentence}`);
      const windowed = small(
        new FtsRetriever(sqliteHandleOf(services.db as Db) as Database.Database, { entityWindow: 4 }),
      );
      expect(new Set(windowed)).toEqual(new Set(small(new MemoryRetriever(k, { entityWindow: 4 }))));
      expect(windowed.length).toBe(4);
      expect(fts.retrieve(q, 10).length).toBe(10);
    } finally {
      await closeServices(services);
    }
  });

  it('searches a small KB through a heap index that answers exactly as FTS5 does, a larger one through FTS5', async () => {
    const services = await seedWithFixtures('whip-fts-heap-');
    try {
      const k = (services.engine as Engine).k;
      const fts = storeRetriever(services.db as Db) as FtsRetriever;
      expect(k.sentences.count).toBeGreaterThan(0);
      expect(k.sentences.count).toBeLessThanOrEqual(HEAP_INDEX_SENTENCES);
      const db = services.db as Db;
      expect(retrieverFor(db, k, fts)).toBeInstanceOf(RowsRetriever);
      // One sentence over the bound: the store's index.
      expect(retrieverFor(db, k, fts, k.sentences.count - 1)).toBe(fts);
      // The same hits, scores and order as FTS5 itself: terms (BM25+), a person, and a role whose names include
      // a common word ("minister"), with question weights and a window small enough to bite.
      const rows = new RowsRetriever(sqliteHandleOf(db) as Database.Database);
      const namesOf = (id: string) =>
        [k.entities.get(id)?.name ?? id, ...(k.entities.get(id)?.aliases ?? [])].map((x) => words(x));
      const weight = (w: string) => ({ stem: processTerm(w) as string, synonyms: [], weight: 1, known: true, word: w });
      const queries: RetrievalQuery[] = [
        { terms: ['coalition', 'deal', 'vote'].map((w) => processTerm(w) as string), entities: [], weights: [] },
        { terms: [], entities: [{ id: 'ed-miliband', names: namesOf('ed-miliband') }], weights: [weight('coalition')] },
        {
          terms: [],
          entities: ['cabinet-minister', 'nick-clegg'].map((id) => ({ id, names: namesOf(id) })),
          weights: [weight('vote')],
        },
      ];
      for (const q of queries) {
        const hits = fts.retrieve(q, 10);
        expect(hits.length, JSON.stringify(q)).toBeGreaterThan(0);
        expect(rows.retrieve(q, 10), JSON.stringify(q)).toEqual(hits);
        const small = { entityWindow: 3 };
        expect(new RowsRetriever(sqliteHandleOf(db) as Database.Database, small).retrieve(q, 10)).toEqual(
          new FtsRetriever(sqliteHandleOf(db) as Database.Database, small).retrieve(q, 10),
        );
      }
      const viaFts = new Engine(k, fts);
      const viaHeap = new Engine(k, rows);
      const questions = readFileSync(join(ROOT, 'tests/data/seed-dev.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => (JSON.parse(line) as { q: string }).q);
      questions.push('Who won the Wokingham North by-election?', 'What was approved for the Northern Arc?');
      let answered = 0;
      for (const q of questions) {
        const reply = viaHeap.ask(q);
        expect(reply, q).toEqual(viaFts.ask(q));
        if (reply.status === 'answered') answered++;
      }
      expect(answered).toBeGreaterThan(questions.length / 2);
    } finally {
      await closeServices(services);
    }
  });

  it('matches whole space-separated tokens in place (containsToken), as a padded includes would', () => {
    const words = 'ed miliband met nick clegg';
    for (const [token, want] of [
      ['ed', true],
      ['clegg', true],
      ['ed miliband', true],
      ['nick clegg', true],
      ['miliband met', true],
      ['mili', false],
      ['d miliband', false],
      ['clegg ', false],
      ['', false],
    ] as const) {
      expect(containsToken(words, token), token).toBe(want);
      if (token) expect(` ${words} `.includes(` ${token} `), token).toBe(want);
    }
    // A later whole-token occurrence after a partial one.
    expect(containsToken('editor ed', 'ed')).toBe(true);
  });
});
