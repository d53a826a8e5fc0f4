/**
 * Knowledge-base retention (issue #12): ingested articles published before a day leave the store with their
 * analyses and index rows — by `whip kb prune --before DATE`, and by the running bot under
 * WHIP_KB_RETENTION_DAYS. Bundled articles, digests, feeds' seen items and the question log stay.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { startRetention } from '../../src/ingest/jobs.js';
import { type ArticleInput, ArticleStore } from '../../src/store/articles.js';
import type { Db } from '../../src/store/db.js';
import { QuestionLog } from '../../src/store/questionLog.js';
import { articlesBefore, lastDayOf, pruneArticles, retentionCutoff } from '../../src/store/retention.js';
import { kbVersion } from '../../src/store/sentenceIndex.js';
import { stubServices } from '../fakes/stubServices.js';
import { type TempStore, tempStore, whip } from './helpers.js';

const article = (id: string, published: string, origin: ArticleInput['origin'] = 'ingested'): ArticleInput => ({
  id,
  origin,
  title: id,
  publication: null,
  publicationConfirmed: false,
  published,
  precision: published.length === 10 ? 'day' : published.length === 7 ? 'month' : 'year',
  inferred: false,
  note: null,
  author: null,
  url: null,
  body: `Body of ${id}.`,
  parts: {},
});

/** Articles of several ages (and a bundled one older than all), each analysed and indexed. */
async function seed(db: Db): Promise<void> {
  const store = new ArticleStore(db);
  for (const a of [
    article('old-day', '2024-01-15'),
    article('old-month', '2024-02'),
    article('old-year', '2023'),
    article('edge-month', '2024-03'),
    article('new', '2024-06-01'),
    article('bundled-old', '2010-01-01', 'bundled'),
  ]) {
    await store.upsert(a);
    await store.saveAnalysis(a.id, 'h', 1, JSON.stringify({ sentences: [{ i: 0, text: a.body }] }));
  }
  await new QuestionLog(db).record({
    platform: 'console',
    question: 'who leads Labour?',
    normalised: 'who leads labour',
    status: 'answered',
    confidence: 0.9,
    answer: 'x',
  });
}

const ids = async (db: Db, table: 'articles' | 'kb_sentences' | 'article_analysis') => {
  const rows =
    table === 'articles'
      ? await db.selectFrom('articles').select('id as x').orderBy('id').execute()
      : await db.selectFrom(table).select('article_id as x').distinct().orderBy('article_id').execute();
  return rows.map((r) => r.x);
};

const KEPT = ['bundled-old', 'edge-month', 'new'];

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(async () => {
  await store.close();
});

describe('knowledge-base retention', () => {
  it('a partial date stands for its last day: "2024-03" is not before 2024-03-15', () => {
    expect(lastDayOf('2023')).toBe('2023-12-31');
    expect(lastDayOf('2024-03')).toBe('2024-03-31');
    expect(lastDayOf('2024-03-02')).toBe('2024-03-02');
    expect(retentionCutoff(30, new Date('2024-03-31T12:00:00Z'))).toBe('2024-03-01');
  });

  it('prunes ingested articles published before the day, with their analyses and index rows; nothing else', async () => {
    await seed(store.db);
    expect(await articlesBefore(store.db, '2024-03-15')).toEqual(['old-year', 'old-day', 'old-month']);
    const v0 = await kbVersion(store.db);
    expect(await pruneArticles(store.db, '2024-03-15')).toBe(3);
    expect(await ids(store.db, 'articles')).toEqual(KEPT);
    expect(await ids(store.db, 'kb_sentences')).toEqual(KEPT);
    expect(await ids(store.db, 'article_analysis')).toEqual(KEPT);
    // Each removal is a counted change (running instances reload); the question log is untouched.
    expect(await kbVersion(store.db)).toBe(v0 + 3);
    expect(await store.db.selectFrom('questions').select('id').execute()).toHaveLength(1);
  });

  it('WHIP_KB_RETENTION_DAYS: whole days from 1, or unset; anything else is a clear config error', () => {
    expect(parseConfig({ WHIP_DATA_DIR: '/tmp/x' }).WHIP_KB_RETENTION_DAYS).toBeUndefined();
    expect(parseConfig({ WHIP_DATA_DIR: '/tmp/x', WHIP_KB_RETENTION_DAYS: '365' }).WHIP_KB_RETENTION_DAYS).toBe(365);
    for (const bad of ['0', '-3', '1.5', 'a year']) {
      let error: unknown;
      try {
        parseConfig({ WHIP_DATA_DIR: '/tmp/x', WHIP_KB_RETENTION_DAYS: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(String((error as ConfigError).message)).toMatch(/WHIP_KB_RETENTION_DAYS.*whole number of days/);
    }
  });

  it('the running bot applies WHIP_KB_RETENTION_DAYS', async () => {
    const { services, cleanup } = await stubServices({ WHIP_KB_RETENTION_DAYS: '80' });
    try {
      await seed(services.db);
      // 80 days before 2024-06-03 is 2024-03-15.
      const job = startRetention(services, () => new Date('2024-06-03T10:00:00Z'));
      await job.stop();
      expect(await ids(services.db, 'articles')).toEqual(KEPT);
    } finally {
      await cleanup();
    }
  });

  it('`whip kb prune --before DATE` (and --dry-run, and a bad date)', async () => {
    await seed(store.db);
    const env = { WHIP_DATA_DIR: store.dir };
    const dry = await whip(['kb', 'prune', '--before', '2024-03-15', '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toBe(
      'old-year\nold-day\nold-month\nkb prune: 3 articles published before 2024-03-15 would be removed\n',
    );
    expect(await ids(store.db, 'articles')).toHaveLength(6);
    const bad = await whip(['kb', 'prune', '--before', '2024-02-30'], env);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain('--before must be a date as YYYY-MM-DD');
    const none = await whip(['kb', 'prune'], env);
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toContain('WHIP_KB_RETENTION_DAYS is not set');
    const r = await whip(['kb', 'prune', '--before', '2024-03-15'], env);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toBe('kb prune: 3 articles published before 2024-03-15 removed\n');
    expect(await ids(store.db, 'articles')).toEqual(KEPT);
  }, 120_000);
});
