import { createHash, createHmac } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServices, createServices, feedbackSecret } from '../../src/bootstrap.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { type ArticleInput, ArticleStore, contentHash } from '../../src/store/articles.js';
import { type Db, openDatabase, StoreError, storeFile } from '../../src/store/db.js';
import { migrations } from '../../src/store/migrations/index.js';
import { type LoggedQuestion, QuestionLog } from '../../src/store/questionLog.js';
import { storeBackends } from '../support/backends.js';
import { removeTempDirs, tempDir } from './helpers.js';

/** A deterministic clock: each call is one minute after the previous one. */
function clock(start = '2024-01-01T00:00:00.000Z') {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

const Q = (question: string, status = 'unknown', extra: Partial<LoggedQuestion> = {}): LoggedQuestion => ({
  platform: 'console',
  question,
  normalised: question
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim(),
  status,
  confidence: status === 'unknown' ? 0 : 0.9,
  answer: status === 'unknown' ? null : 'x',
  ...extra,
});

let db: Db;
let file: string;

afterAll(() => removeTempDirs());
const backends = storeBackends();

describe('openDatabase and migrations (temp file, never a mock)', () => {
  beforeEach(async () => {
    file = join(tempDir('whip-store-'), 'nested', 'whip.sqlite');
    db = await openDatabase(file);
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('creates the file (and its directory) and every table', async () => {
    expect(existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    try {
      const tables = (
        raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
      ).map((r) => r.name);
      for (const t of ['questions', 'feedback', 'articles', 'article_analysis']) expect(tables).toContain(t);
      const applied = (raw.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
        (r) => r.name,
      );
      expect(applied).toEqual(Object.keys(migrations).sort());
    } finally {
      raw.close();
    }
  });

  it('re-opening an existing store keeps the data and applies nothing twice', async () => {
    const id = await new QuestionLog(db).record(Q('kept?'));
    await db.destroy();
    db = await openDatabase(file);
    expect((await new QuestionLog(db).get(id))?.question).toBe('kept?');
    const raw = new Database(file, { readonly: true });
    try {
      const n = raw.prepare('select count(*) as n from kysely_migration').get() as { n: number };
      expect(n.n).toBe(Object.keys(migrations).length);
    } finally {
      raw.close();
    }
  });

  // Known bug (src/store/db.ts): only `new Database()` is wrapped; the first pragma throws a raw SqliteError.
  it('a file that is not a database gives a StoreError, not a crash', async () => {
    const bad = join(tempDir('whip-store-bad-'), 'whip.sqlite');
    writeFileSync(bad, 'this is not sqlite at all, just text '.repeat(200));
    await expect(openDatabase(bad)).rejects.toBeInstanceOf(StoreError);
  });

  it('storeFile puts whip.sqlite under the data dir', () => {
    expect(storeFile('/var/whip')).toBe('/var/whip/whip.sqlite');
  });
});

describe.each(backends)('on $name', (backend) => {
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await db.destroy();
  });

  describe('007_feed_owner', () => {
    const provider = { getMigrations: async () => migrations };
    const feedRow = (url: string, at: string) => ({
      url,
      title: null,
      etag: null,
      last_modified: null,
      status: 'ok',
      failure_reason: null,
      consecutive_failures: 0,
      next_poll_at: at,
      last_polled_at: null,
      last_success_at: null,
      seeded: 1,
      added_at: at,
    });

    it('existing feeds become local, keep their id and items; one URL may then be followed once per tenant', async () => {
      // Back to the schema before 007 (its down), store a feed the old way, then migrate up again.
      const down = await new Migrator({ db, provider }).migrateTo('006_hardening');
      expect(down.error).toBeUndefined();
      const at = '2026-01-01T00:00:00.000Z';
      const old = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('feeds')
        .values(feedRow('https://news.example/rss', at))
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('feed_items')
        .values({
          feed_id: Number(old.id),
          guid_or_url: 'g1',
          title: null,
          url: null,
          status: 'seeded',
          article_id: null,
          attempts: 0,
          error: null,
          seen_at: at,
          updated_at: at,
        })
        .execute();
      const up = await new Migrator({ db, provider }).migrateToLatest();
      expect(up.error).toBeUndefined();

      const feeds = await db.selectFrom('feeds').selectAll().execute();
      expect(feeds).toEqual([
        expect.objectContaining({ id: Number(old.id), url: 'https://news.example/rss', owner: 'local' }),
      ]);
      expect(await db.selectFrom('feed_items').select('feed_id').execute()).toEqual([{ feed_id: Number(old.id) }]);
      // Another tenant may follow the same URL; the same tenant twice may not.
      await db
        .insertInto('feeds')
        .values({ ...feedRow('https://news.example/rss', at), owner: 'discord:42' })
        .execute();
      await expect(
        db
          .insertInto('feeds')
          .values({ ...feedRow('https://news.example/rss', at), owner: 'discord:42' })
          .execute(),
      ).rejects.toThrow(/unique/i);
      // New ids continue after the kept ones.
      const next = await db
        .insertInto('feeds')
        .values({ ...feedRow('https://other.example/rss', at), owner: 'local' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(next.id).toBeGreaterThan(Number(old.id) + 1);
      // Removing a feed still removes its items (foreign keys are back on, cascade intact).
      await db.deleteFrom('feeds').where('id', '=', Number(old.id)).execute();
      expect(await db.selectFrom('feed_items').selectAll().execute()).toEqual([]);
    });
  });

  describe('QuestionLog', () => {
    it('record/get round-trips every field; ids increase', async () => {
      const log = new QuestionLog(db, false, clock('2024-05-01T10:00:00.000Z'));
      const a = await log.record(Q('Who is DPM?', 'answered', { channelId: 'C1', userId: 'U1', confidence: 0.75 }));
      const b = await log.record(Q('second?'));
      expect(b).toBeGreaterThan(a);
      expect(await log.get(a)).toMatchObject({
        id: a,
        asked_at: '2024-05-01T10:00:00.000Z',
        platform: 'console',
        channel_id: 'C1',
        user_id: null, // not kept unless the operator enables it
        question: 'Who is DPM?',
        normalised: 'who is dpm',
        status: 'answered',
        confidence: 0.75,
        answer: 'x',
      });
      expect(await log.get(9999)).toBeUndefined();
    });

    it('keeps user ids only when enabled', async () => {
      const log = new QuestionLog(db, true);
      const id = await log.record(Q('mine?', 'unknown', { userId: 'U42' }));
      expect((await log.get(id))?.user_id).toBe('U42');
    });

    it('caps stored question text at 2000 characters', async () => {
      const log = new QuestionLog(db);
      const id = await log.record(Q('x'.repeat(5000)));
      expect((await log.get(id))?.question).toHaveLength(2000);
    });

    it('feedback: one vote per voter per question; a second vote replaces the first', async () => {
      const log = new QuestionLog(db, false, clock());
      const q = await log.record(Q('who is DPM?', 'answered'));
      expect(await log.feedback(q, 1, 'discord', 'U1')).toBe(true);
      expect(await log.feedbackTotals(q)).toEqual({ up: 1, down: 0 });
      expect(await log.feedback(q, 1, 'discord', 'U1')).toBe(true);
      expect(await log.feedbackTotals(q)).toEqual({ up: 1, down: 0 });
      expect(await log.feedback(q, -1, 'discord', 'U1')).toBe(true);
      expect(await log.feedbackTotals(q)).toEqual({ up: 0, down: 1 });
      await log.feedback(q, 1, 'discord', 'U2');
      // The same id on another platform is another person.
      await log.feedback(q, 1, 'slack', 'U1');
      expect(await log.feedbackTotals(q)).toEqual({ up: 2, down: 1 });
      const rows = await db.selectFrom('feedback').selectAll().where('question_id', '=', q).execute();
      expect(rows).toHaveLength(3);
      // Voters are stored as opaque hashes, never the raw id.
      for (const r of rows) expect(r.voter).not.toMatch(/U1|U2/);
    });

    it('feedback voters are an HMAC with the secret, not sha256(id); one secret = one voter across instances', async () => {
      const secret = 'feedback-secret-for-tests-0123456789';
      const a = new QuestionLog(db, false, clock(), secret);
      const b = new QuestionLog(db, false, clock(), secret);
      const q = await a.record(Q('who is DPM?', 'answered'));
      await a.feedback(q, 1, 'discord', 'U1');
      await b.feedback(q, -1, 'discord', 'U1');
      const rows = await db.selectFrom('feedback').selectAll().where('question_id', '=', q).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.vote).toBe(-1);
      const plain = createHash('sha256').update('discord:U1').digest('hex').slice(0, 32);
      expect(rows[0]?.voter).not.toBe(plain);
      expect(rows[0]?.voter).toBe(createHmac('sha256', secret).update('discord:U1').digest('hex').slice(0, 32));
      // Another secret (another deployment) gives another, unlinkable voter.
      await new QuestionLog(db, false, clock(), 'another-secret-0123456789abcdef').feedback(q, 1, 'discord', 'U1');
      expect(await a.feedbackTotals(q)).toEqual({ up: 1, down: 1 });
    });

    it('feedback on a question that does not exist is refused', async () => {
      const log = new QuestionLog(db);
      expect(await log.feedback(12345, 1, 'discord', 'U1')).toBe(false);
      expect(await db.selectFrom('feedback').selectAll().execute()).toEqual([]);
    });

    it('votes of one question do not count for another', async () => {
      const log = new QuestionLog(db);
      const a = await log.record(Q('a?', 'answered'));
      const b = await log.record(Q('b?', 'answered'));
      await log.feedback(a, -1, 'slack', 'U1');
      expect(await log.feedbackTotals(b)).toEqual({ up: 0, down: 0 });
    });

    it('gaps: unknown questions only, grouped by normalised form, most frequent first', async () => {
      const log = new QuestionLog(db, false, clock());
      const asked: [string, string][] = [
        ['What is the weather in Bedford?', 'unknown'],
        ['Labour seats in 2010?', 'unknown'],
        ['what is the weather in bedford', 'unknown'],
        ['Who is DPM?', 'answered'],
        ['Who is DPM?', 'answered'],
        ['Who is DPM?', 'answered'],
        ['Who is DPM?', 'answered'],
        ['Who is the Pope?', 'unknown'],
        ['Labour seats in 2010', 'unknown'],
        ['WHAT IS THE WEATHER IN BEDFORD?', 'unknown'],
      ];
      for (const [q, status] of asked) await log.record(Q(q, status));
      const gaps = await log.gaps();
      expect(gaps.map((g) => [g.normalised, g.count])).toEqual([
        ['what is the weather in bedford', 3],
        ['labour seats in 2010', 2],
        ['who is the pope', 1],
      ]);
      // One of the ways it was asked, and when it was last asked.
      expect(asked.map(([q]) => q)).toContain(gaps[0]?.question);
      expect(gaps[0]?.lastAsked).toBe('2024-01-01T00:09:00.000Z');
      expect(await log.gaps(1)).toHaveLength(1);
    });

    it('gaps: ties are broken by the most recently asked', async () => {
      const log = new QuestionLog(db, false, clock());
      for (const q of ['older?', 'newer?']) await log.record(Q(q));
      expect((await log.gaps()).map((g) => g.normalised)).toEqual(['newer', 'older']);
    });
  });

  function article(overrides: Partial<ArticleInput> = {}): ArticleInput {
    return {
      id: 'art-1',
      origin: 'ingested',
      title: 'A title',
      publication: 'The Paper',
      publicationConfirmed: true,
      published: '2014-04-25',
      precision: 'day',
      inferred: false,
      note: null,
      author: null,
      url: 'https://example.org/a',
      body: 'First paragraph.\n\nSecond paragraph.',
      parts: { captions: [] },
      ...overrides,
    };
  }

  describe('ArticleStore', () => {
    it('upsert is idempotent: same content -> unchanged, no duplicate, timestamps kept', async () => {
      const store = new ArticleStore(db, clock('2024-02-01T00:00:00.000Z'));
      expect(await store.upsert(article())).toEqual({ inserted: true, changed: true });
      const first = await store.get('art-1');
      expect(await store.upsert(article())).toEqual({ inserted: false, changed: false });
      expect(await store.upsert(article())).toEqual({ inserted: false, changed: false });
      const rows = await store.list();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toEqual(first);
      expect(first).toMatchObject({
        id: 'art-1',
        title: 'A title',
        publication_confirmed: 1,
        published_precision: 'day',
        content_hash: contentHash(article()),
        added_at: '2024-02-01T00:00:00.000Z',
        updated_at: '2024-02-01T00:00:00.000Z',
      });
    });

    it('changed content -> updated in place, not duplicated; added_at kept', async () => {
      const store = new ArticleStore(db, clock('2024-02-01T00:00:00.000Z'));
      await store.upsert(article());
      const before = await store.lastChange();
      expect(await store.upsert(article({ body: 'A corrected body.' }))).toEqual({ inserted: false, changed: true });
      const rows = await store.list();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        body: 'A corrected body.',
        added_at: '2024-02-01T00:00:00.000Z',
        updated_at: '2024-02-01T00:01:00.000Z',
        content_hash: contentHash(article({ body: 'A corrected body.' })),
      });
      expect(await store.lastChange()).not.toBe(before);
      // A title change is a change too.
      expect(await store.upsert(article({ body: 'A corrected body.', title: 'New title' }))).toEqual({
        inserted: false,
        changed: true,
      });
      expect(await store.list()).toHaveLength(1);
    });

    it('different ids are different articles; list is ordered by published date', async () => {
      const store = new ArticleStore(db, clock());
      await store.upsert(article({ id: 'late', published: '2015-05' }));
      await store.upsert(article({ id: 'early', published: '2014-04-25' }));
      expect((await store.list()).map((r) => r.id)).toEqual(['early', 'late']);
    });

    it('contentHash depends on content, not on metadata that does not change the text', () => {
      expect(contentHash(article())).toBe(contentHash(article({ origin: 'bundled', author: 'someone' })));
      expect(contentHash(article())).not.toBe(contentHash(article({ body: 'other' })));
      expect(contentHash(article())).not.toBe(contentHash(article({ parts: { captions: ['a caption'] } })));
    });

    it('addedBetween is half-open [since, until)', async () => {
      const store = new ArticleStore(db, clock('2024-03-01T00:00:00.000Z'));
      await store.upsert(article({ id: 'a' })); // 00:00
      await store.upsert(article({ id: 'b' })); // 00:01
      await store.upsert(article({ id: 'c' })); // 00:02
      const ids = (await store.addedBetween('2024-03-01T00:01:00.000Z', '2024-03-01T00:02:00.000Z')).map((r) => r.id);
      expect(ids).toEqual(['b']);
    });

    it('analysis is cached per content hash and version, replaced on save, removed with the article', async () => {
      const store = new ArticleStore(db);
      await store.upsert(article());
      const hash = contentHash(article());
      await store.saveAnalysis('art-1', hash, 1, '{"v":1}');
      expect(await store.analysis('art-1', hash, 1)).toBe('{"v":1}');
      expect(await store.analysis('art-1', hash, 2)).toBeUndefined();
      expect(await store.analysis('art-1', 'other-hash', 1)).toBeUndefined();
      await store.saveAnalysis('art-1', hash, 2, '{"v":2}');
      expect(await store.analysis('art-1', hash, 2)).toBe('{"v":2}');
      expect(await store.analysis('art-1', hash, 1)).toBeUndefined();
      await store.remove('art-1');
      expect(await store.get('art-1')).toBeUndefined();
      expect(await db.selectFrom('article_analysis').selectAll().execute()).toEqual([]);
    });
  });
});

describe('PostgreSQL store (a real server on 127.0.0.1)', () => {
  const postgres = backends[1] as (typeof backends)[number];

  it('creates every table and records every migration; re-opening applies nothing twice and keeps the data', async () => {
    const url = await postgres.location({ empty: true });
    let pgDb = await openDatabase(url);
    try {
      const tables = (
        await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(pgDb)
      ).rows.map((r) => r.name);
      for (const t of Object.keys({
        questions: 1,
        feedback: 1,
        articles: 1,
        article_analysis: 1,
        feeds: 1,
        digest_deliveries: 1,
      }))
        expect(tables).toContain(t);
      const id = await new QuestionLog(pgDb).record(Q('kept?'));
      await pgDb.destroy();
      pgDb = await openDatabase(url);
      expect((await new QuestionLog(pgDb).get(id))?.question).toBe('kept?');
      const applied = (await pgDb
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()) as {
        name: string;
      }[];
      expect(applied.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
    } finally {
      await pgDb.destroy();
    }
  });

  it('two processes opening one new database at once both migrate it once (the migrator locks)', async () => {
    const url = await postgres.location({ empty: true });
    const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
    try {
      const n = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(a);
      expect(Number(n.rows[0]?.n)).toBe(Object.keys(migrations).length);
      await new QuestionLog(b).record(Q('from b'));
      expect(await new QuestionLog(a).gaps()).toHaveLength(1);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });

  it('an unreachable server is a StoreError that never shows the password', async () => {
    const url = await postgres.location();
    const u = new URL(url);
    u.port = '1'; // nothing listens on port 1 of the loopback
    u.password = 's3cret-pw';
    const err = await openDatabase(u.toString()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(String((err as Error).message)).not.toContain('s3cret-pw');
  });
});

describe('prepared statements reused behind Kysely', () => {
  it('prepares each distinct SQL once, evicts the least recently used, and gives the same results', async () => {
    const { withStatementCache } = await import('../../src/store/statementCache.js');
    const raw = new Database(':memory:');
    let prepared = 0;
    const counting = new Proxy(raw, {
      get(target, prop, receiver) {
        if (prop === 'prepare') {
          return (sql: string) => {
            prepared += 1;
            return target.prepare(sql);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const db = withStatementCache(counting, 2);
    db.prepare('create table t (x integer)').run([]);
    const insert = 'insert into t (x) values (?)';
    for (let i = 0; i < 5; i++) db.prepare(insert).run([i]);
    expect(prepared).toBe(2);
    expect(db.prepare('select sum(x) as s from t').all([])).toEqual([{ s: 10 }]);
    expect(db.cachedStatements).toBe(2);
    // The create statement was the least recently used: it was evicted; the insert was kept.
    db.prepare(insert).run([5]);
    expect(prepared).toBe(3);
    db.close();
  });
});

describe('feedback secret (bootstrap)', () => {
  it('without WHIP_FEEDBACK_SECRET, one is generated once (0600) and two services on one store agree on voters', async () => {
    const dir = tempDir('whip-feedback-secret-');
    const config = parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const first = await createServices(config);
    const q = await (first.questions as QuestionLog).record(Q('who is DPM?', 'answered'));
    await first.questions?.feedback(q, 1, 'slack', 'U1');
    await closeServices(first);
    const secretFile = join(dir, 'feedback.secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const second = await createServices(config);
    try {
      await second.questions?.feedback(q, -1, 'slack', 'U1');
      const rows = await second.db.selectFrom('feedback').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.vote).toBe(-1);
      expect(rows[0]?.voter).not.toBe(createHash('sha256').update('slack:U1').digest('hex').slice(0, 32));
    } finally {
      await closeServices(second);
    }
  });

  it('WHIP_FEEDBACK_SECRET is used as given; with DATABASE_URL it is required (one line, no value echoed)', () => {
    const dir = tempDir('whip-feedback-secret-');
    expect(feedbackSecret(parseConfig({ WHIP_DATA_DIR: dir, WHIP_FEEDBACK_SECRET: 'x'.repeat(32) }))).toBe(
      'x'.repeat(32),
    );
    expect(existsSync(join(dir, 'feedback.secret'))).toBe(false);
    const pg = parseConfig({ WHIP_DATA_DIR: dir, DATABASE_URL: 'postgres://whip:hunter2@127.0.0.1:1/whip' });
    expect(() => feedbackSecret(pg)).toThrow(ConfigError);
    expect(() => feedbackSecret(pg)).toThrow(/WHIP_FEEDBACK_SECRET is required with DATABASE_URL/);
    expect(() => parseConfig({ WHIP_FEEDBACK_SECRET: 'short' })).toThrow(/WHIP_FEEDBACK_SECRET must be at least 16/);
  });
});
