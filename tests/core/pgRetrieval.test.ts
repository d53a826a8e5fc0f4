/**
 * Retrieval in PostgreSQL (issue #13): the tsvector/GIN retriever (migration 010, src/store/pgRetriever.ts) has
 * the same meaning as SQLite's FTS5 one, and a bot on PostgreSQL answers the project's seed questions exactly as
 * one on SQLite does. The same knowledge base — the bundled seed article plus two ingested fixture articles, so
 * that ranking and ties span articles — is built in a temp SQLite file and in a database on the real test
 * PostgreSQL (tests/support/postgres.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { Engine } from '../../src/core/answer/engine.js';
import type { RetrievalQuery, RetrievedSentence, Retriever } from '../../src/core/answer/retriever.js';
import { settled } from '../../src/core/answer/types.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { type ArticleInput, ArticleStore } from '../../src/store/articles.js';
import { type Db, openDatabase, sqliteHandleOf, storeFile } from '../../src/store/db.js';
import { FtsRetriever, storeRetriever } from '../../src/store/ftsRetriever.js';
import { migrations } from '../../src/store/migrations/index.js';
import { PgRetriever } from '../../src/store/pgRetriever.js';
import { usePostgres } from '../support/postgres.js';
import { ROOT, removeTempDirs, tempDir } from './helpers.js';

const freshPostgres = usePostgres();
/** Any fixed key: both stores only need one (required with DATABASE_URL); no feedback is given here. */
const FEEDBACK_SECRET = 'pg-retrieval-test-secret-0123456789';
/** Ingesting a local file takes milliseconds; the bound only stops a hung test. */
const INGEST_TIMEOUT_MS = 10_000;
const FIXTURES = ['wokingham-north-by-election.txt', 'northern-arc-approved.md'].map((f) =>
  join(ROOT, 'tests/fixtures/articles', f),
);
/** Every seed question set: answered, contested and unknown questions of every type. */
const SEED_SETS = ['seed-dev.jsonl', 'seed-heldout.jsonl', 'seed-heldout2.jsonl', 'seed-heldout3.jsonl'];

function seedQuestions(): string[] {
  return SEED_SETS.flatMap((set) =>
    readFileSync(join(ROOT, 'tests/data', set), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { q: string }).q),
  );
}

async function withFixtures(location: string): Promise<void> {
  const db = await openDatabase(location);
  try {
    const outcomes = await ingestSources(FIXTURES, { db, timeoutMs: INGEST_TIMEOUT_MS });
    expect(outcomes.every((o) => o.ok)).toBe(true);
  } finally {
    await db.destroy();
  }
}

/** Records every query the engine sends its retriever (to replay them against the other backend). */
class Recorder implements Retriever {
  readonly calls: { query: RetrievalQuery; limit: number }[] = [];
  constructor(private readonly inner: Retriever) {}
  retrieve(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    this.calls.push({ query: structuredClone(query), limit });
    return this.inner.retrieve(query, limit);
  }
}

/** A one-article store's article (its analysis is saved separately). */
const TINY: ArticleInput = {
  id: 'a1',
  origin: 'ingested',
  title: 'Title of a1',
  publication: null,
  publicationConfirmed: false,
  published: '2024-05-01',
  precision: 'day',
  inferred: false,
  note: null,
  author: null,
  url: null,
  body: 'x',
  parts: {},
};

let sqlite: Services;
let postgres: Services;

beforeAll(async () => {
  const sqliteDir = tempDir('whip-pgr-sqlite-');
  const url = await freshPostgres();
  await withFixtures(storeFile(sqliteDir));
  await withFixtures(url);
  sqlite = await createServices(parseConfig({ WHIP_DATA_DIR: sqliteDir, LOG_LEVEL: 'silent' }));
  postgres = await createServices(
    parseConfig({
      WHIP_DATA_DIR: tempDir('whip-pgr-pg-'),
      DATABASE_URL: url,
      WHIP_FEEDBACK_SECRET: FEEDBACK_SECRET,
      LOG_LEVEL: 'silent',
    }),
  );
}, 120_000);

afterAll(async () => {
  if (sqlite) await closeServices(sqlite);
  if (postgres) await closeServices(postgres);
  removeTempDirs();
});

describe('PgRetriever (PostgreSQL tsvector + GIN)', () => {
  it('is what an engine on PostgreSQL retrieves through, with no sentence index in the heap', () => {
    const engine = postgres.engine as Engine;
    expect(storeRetriever(postgres.db as Db)).toBeInstanceOf(PgRetriever);
    expect(engine.k.sentenceIndex).toBeUndefined();
    expect(engine.k.articles.length).toBe((sqlite.engine as Engine).k.articles.length);
    // Synchronous use outside settle() fails loudly rather than answering from no candidates.
    expect(() => engine.ask('How many target seats has Labour identified?')).toThrow(/settle/);
  });

  it('returns what FTS5 returns — the same sentences, order and scores — for every query the seed questions make', async () => {
    const fts = storeRetriever(sqlite.db as Db) as FtsRetriever;
    expect(fts).toBeInstanceOf(FtsRetriever);
    const recorder = new Recorder(fts);
    const engine = new Engine((sqlite.engine as Engine).k, recorder);
    for (const q of seedQuestions()) engine.ask(q);
    const unique = new Map(recorder.calls.map((c) => [JSON.stringify(c), c]));
    const calls = [...unique.values()];
    // Both lanes are exercised, alone and together (else this test would prove little).
    expect(calls.length).toBeGreaterThan(50);
    expect(calls.some((c) => c.query.terms.length && !c.query.entities.length)).toBe(true);
    expect(calls.some((c) => !c.query.terms.length && c.query.entities.length)).toBe(true);
    expect(calls.some((c) => c.query.terms.length && c.query.entities.length > 1)).toBe(true);
    const pg = new PgRetriever(postgres.db as Db);
    let hits = 0;
    let tiedScores = 0;
    for (const { query, limit } of calls) {
      const want = fts.retrieve(query, limit);
      const got = await pg.retrieveAsync(query, limit);
      hits += want.length;
      tiedScores += want.filter((h, i) => i > 0 && want[i - 1]?.score === h.score).length;
      // Same function over the same rows (bm25.ts): even ties come out in the same (knowledge base) order.
      expect(got, JSON.stringify({ query, limit })).toEqual(want);
    }
    expect(hits).toBeGreaterThan(500);
    // Ties are common (entity sentences without question words): their order is part of what is compared.
    expect(tiedScores).toBeGreaterThan(10);

    // The entity window (ENTITY_WINDOW at scale) made small enough to bite on the seed KB: the same latest
    // sentences on both, ranked alike — and fewer or other candidates than without it.
    const small = { entityWindow: 3 };
    const ftsSmall = new FtsRetriever(sqliteHandleOf(sqlite.db as Db) as Database.Database, small);
    const pgSmall = new PgRetriever(postgres.db as Db, small);
    let narrowed = 0;
    for (const { query, limit } of calls) {
      const want = ftsSmall.retrieve(query, limit);
      expect(await pgSmall.retrieveAsync(query, limit), JSON.stringify({ query, limit })).toEqual(want);
      const entityHits = (hits: RetrievedSentence[]) => hits.filter((h) => h.lane === 'entities');
      expect(entityHits(want).length).toBeLessThanOrEqual(3);
      if (JSON.stringify(entityHits(want)) !== JSON.stringify(entityHits(fts.retrieve(query, limit)))) narrowed++;
    }
    expect(narrowed).toBeGreaterThan(10);
  });

  it('ranks by BM25 over stems and finds entity names as phrases, as the FTS5 test does, on a tiny knowledge base', async () => {
    const db = await openDatabase(await freshPostgres());
    try {
      const store = new ArticleStore(db);
      await store.upsert(TINY);
      const texts = [
        'The Chancellor cut taxes on fuel.',
        'Sir Vince Cable spoke about the cable industry.',
        'Fuel duty was frozen; fuel prices fell.',
        'A cable car opened.',
        "It cost £5 and wasn't O'Brien's idea.",
      ];
      await store.saveAnalysis('a1', 'h', 1, JSON.stringify({ sentences: texts.map((text, i) => ({ i, text })) }));
      const pg = new PgRetriever(db);
      expect(
        (await pg.retrieveAsync({ terms: ['fuel'], entities: [], weights: [] }, 5)).map((h) => h.sentence),
      ).toEqual([2, 0]);
      const cable: RetrievalQuery = {
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
      // "cable car" does not name Vince Cable (every word of the name is no phrase).
      expect((await pg.retrieveAsync(cable, 5)).map((h) => [h.sentence, h.lane, h.score])).toEqual([
        [1, 'entities', 2.01],
      ]);
      // Tokens with punctuation and quotes are lexemes taken verbatim: no tsquery syntax error, an exact match.
      // ("£5" would be split by even the 'simple' configuration's parser.)
      const odd = await pg.retrieveAsync(
        { terms: ['£5'], entities: [{ id: 'obrien', names: [['o', 'brien']] }], weights: [] },
        5,
      );
      expect(odd.map((h) => [h.sentence, h.lane])).toEqual([[4, 'terms']]);
      expect(
        (
          await pg.retrieveAsync(
            { terms: [], entities: odd.length ? [{ id: 'obrien', names: [['o', 'brien']] }] : [], weights: [] },
            5,
          )
        ).map((h) => [h.sentence, h.lane]),
      ).toEqual([[4, 'entities']]);
      expect(
        await pg.retrieveAsync({ terms: ['nowher', "o'brien", 'a\\b', 'x:*'], entities: [], weights: [] }, 5),
      ).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe('migration 010 on PostgreSQL', () => {
  it('indexes the sentences a store already held before it (generated columns fill existing rows), and goes down', async () => {
    const db = await openDatabase(await freshPostgres());
    try {
      const provider = { getMigrations: async () => migrations };
      const down = await new Migrator({ db, provider }).migrateTo('009_slack_installations');
      expect(down.error).toBeUndefined();
      const columns = async () =>
        (
          await sql<{ column_name: string }>`select column_name from information_schema.columns
            where table_name = 'kb_sentences' and column_name like '%_tsv' order by column_name`.execute(db)
        ).rows.map((r) => r.column_name);
      expect(await columns()).toEqual([]);
      // A store at 009 with an analysed article (kb_sentences written as 008 defined it).
      const store = new ArticleStore(db);
      await store.upsert({ ...TINY, body: 'y' });
      // Written as 008 wrote it (today's saveAnalysis also counts terms, in a table 011 makes).
      await sql`insert into kb_sentences (article_id, sentence, words, stems, length)
        values ('a1', 0, 'fuel duty was frozen', 'fuel duti frozen', 4)`.execute(db);
      const up = await new Migrator({ db, provider }).migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(await columns()).toEqual(['stems_tsv', 'words_tsv']);
      const hits = await new PgRetriever(db).retrieveAsync({ terms: ['fuel'], entities: [], weights: [] }, 5);
      expect(hits.map((h) => [h.article, h.sentence, h.lane])).toEqual([['a1', 0, 'terms']]);
      // 011 counted the words and stems of the sentences already there.
      const terms = await sql<{ term: string; kind: string; df: number }>`
        select term, kind, df from kb_terms where term in ('fuel', 'duti', 'duty') order by term, kind`.execute(db);
      expect(terms.rows.map((r) => [r.term, r.kind, Number(r.df)])).toEqual([
        ['duti', 's', 1],
        ['duty', 'w', 1],
        ['fuel', 's', 1],
        ['fuel', 'w', 1],
      ]);
    } finally {
      await db.destroy();
    }
  });
});

describe('a bot on PostgreSQL answers as one on SQLite', () => {
  it('gives the same reply to every seed question (ask, claims and the Sources button through settle)', async () => {
    const questions = seedQuestions();
    let answered = 0;
    for (const q of questions) {
      const want = sqlite.engine.ask(q);
      const got = await settled(postgres.engine, (e) => e.ask(q));
      expect(got, q).toEqual(want);
      if (want.status === 'answered') answered++;
      expect(await settled(postgres.engine, (e) => e.citationsFor(q)), q).toEqual(sqlite.engine.citationsFor(q));
    }
    // The comparison covers real answers, not only abstentions.
    expect(answered).toBeGreaterThan(questions.length / 2);
    for (const topic of ['coalition', 'Lib-Lab pact', 'power sharing', 'fuel duty', 'Wokingham']) {
      expect(await settled(postgres.engine, (e) => e.claims(topic)), topic).toEqual(sqlite.engine.claims(topic));
    }
  });

  it('answers the commands that never retrieve (who, quotes, profile, sources, autocomplete) without settle', () => {
    const [pg, lite] = [postgres.engine, sqlite.engine];
    const calls: [string, (e: typeof pg) => unknown][] = [
      ['who DPM', (e) => e.who('Deputy Prime Minister')],
      ['who PM under Lib-Lab', (e) => e.who('Prime Minister', 'Lib-Lab')],
      ['quotes Clegg', (e) => e.quotes({ speaker: 'Nick Clegg' })],
      ['quotes coalition', (e) => e.quotes({ topic: 'coalition' })],
      ['profile Miliband', (e) => e.profile('Ed Miliband')],
      ['profile nobody', (e) => e.profile('Nobody Atall')],
      ['sources', (e) => e.sources(1)],
      ['autocomplete', (e) => e.autocomplete('topic', 'co')],
    ];
    for (const [name, call] of calls) expect(call(pg), name).toEqual(call(lite));
  });
});
