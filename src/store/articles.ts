/**
 * Articles in the store: the bundled kb/ articles (synced at start) and ingested ones, each with a stable id,
 * a content hash (re-ingesting the same article updates it instead of duplicating it) and its cached analysis.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import type { ArticlesTable } from './schema.js';
import { bumpKbVersion, indexArticle, kbVersion, sentenceRows, unindexArticle } from './sentenceIndex.js';

export type ArticleRow = ArticlesTable;

export interface ArticleInput {
  id: string;
  origin: 'bundled' | 'ingested';
  title: string;
  publication: string | null;
  publicationConfirmed: boolean;
  published: string;
  precision: 'day' | 'month' | 'year';
  inferred: boolean;
  note: string | null;
  author: string | null;
  url: string | null;
  body: string;
  parts: Record<string, unknown>;
  /** Where an ingested article came from (absolute path or URL); kept from its first ingestion. */
  source?: string;
}

export function contentHash(
  a: Pick<ArticleInput, 'title' | 'body' | 'published' | 'publication' | 'url' | 'parts'>,
): string {
  return createHash('sha256')
    .update(JSON.stringify([a.title, a.body, a.published, a.publication, a.url, a.parts]))
    .digest('hex')
    .slice(0, 32);
}

export class ArticleStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Run `fn` in a transaction: this store's own, or the one it was made with (nested calls join it). */
  private atomically<T>(fn: (store: ArticleStore, db: Db) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this, this.db);
    return this.db.transaction().execute((trx) => fn(new ArticleStore(trx, this.now), trx));
  }

  /**
   * Insert or update by id; returns whether anything changed. A changed article leaves the retrieval index (its
   * old analysis no longer describes it) until its new analysis is saved; the KB's change counter moves.
   */
  upsert(a: ArticleInput): Promise<{ inserted: boolean; changed: boolean }> {
    return this.atomically((store) => store.upsertNow(a));
  }

  private async upsertNow(a: ArticleInput, retried = false): Promise<{ inserted: boolean; changed: boolean }> {
    const hash = contentHash(a);
    const existing = await this.db
      .selectFrom('articles')
      .select(['content_hash', 'source'])
      .where('id', '=', a.id)
      .executeTakeFirst();
    if (existing?.content_hash === hash) return { inserted: false, changed: false };
    const at = this.now().toISOString();
    const row = {
      origin: a.origin,
      title: a.title,
      publication: a.publication,
      publication_confirmed: a.publicationConfirmed ? 1 : 0,
      published: a.published,
      published_precision: a.precision,
      published_inferred: a.inferred ? 1 : 0,
      published_note: a.note,
      author: a.author,
      url: a.url,
      body: a.body,
      parts_json: JSON.stringify(a.parts),
      content_hash: hash,
      updated_at: at,
    };
    if (existing) {
      const source = existing.source ? {} : { source: a.source ?? null };
      await this.db
        .updateTable('articles')
        .set({ ...row, ...source })
        .where('id', '=', a.id)
        .execute();
      await unindexArticle(this.db, a.id);
      await bumpKbVersion(this.db);
      return { inserted: false, changed: true };
    }
    const inserted = await this.db
      .insertInto('articles')
      .values({ id: a.id, added_at: at, source: a.source ?? null, ...row })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (!inserted.numInsertedOrUpdatedRows) {
      // Another instance inserted the same article between the read above and this insert (several starting at
      // once on one PostgreSQL each sync the bundled articles): its row stands; compare with it as an update.
      return retried ? { inserted: false, changed: false } : this.upsertNow(a, true);
    }
    await bumpKbVersion(this.db);
    return { inserted: true, changed: true };
  }

  async list(): Promise<ArticleRow[]> {
    return this.db.selectFrom('articles').selectAll().orderBy('published').orderBy('id').execute();
  }

  /**
   * Every article in the order of list(), read in pages of `size` rows (by primary key, so each page is an index
   * range) with `between` awaited after each: a 10,000-article store is a quarter-second query read at once.
   */
  async listPaged(size: number, between: () => Promise<void> | undefined): Promise<ArticleRow[]> {
    const out: ArticleRow[] = [];
    let after: string | undefined;
    for (;;) {
      let q = this.db.selectFrom('articles').selectAll().orderBy('id').limit(size);
      if (after !== undefined) q = q.where('id', '>', after);
      const page = await q.execute();
      out.push(...page);
      if (page.length < size) break;
      after = page[page.length - 1]?.id;
      await between();
    }
    return out.sort((a, b) =>
      a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  }

  async get(id: string): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Articles added to the store in [since, until) — what a digest reports as new. */
  async addedBetween(since: string, until: string): Promise<ArticleRow[]> {
    return this.db
      .selectFrom('articles')
      .selectAll()
      .where('added_at', '>=', since)
      .where('added_at', '<', until)
      .orderBy('added_at')
      .execute();
  }

  /** Remove an article with its analysis and index rows. */
  remove(id: string): Promise<void> {
    return this.atomically(async (_store, db) => {
      await unindexArticle(db, id);
      await db.deleteFrom('article_analysis').where('article_id', '=', id).execute();
      await db.deleteFrom('articles').where('id', '=', id).execute();
      await bumpKbVersion(db);
    });
  }

  async analysis(id: string, hash: string, version: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('article_analysis')
      .select(['data'])
      .where('article_id', '=', id)
      .where('content_hash', '=', hash)
      .where('version', '=', version)
      .executeTakeFirst();
    return row?.data;
  }

  /** Save an article's analysis and index its sentences from it, in one transaction. */
  saveAnalysis(id: string, hash: string, version: number, data: string): Promise<void> {
    const rows = sentenceRows(JSON.parse(data) as Parameters<typeof sentenceRows>[0]);
    return this.atomically(async (_store, db) => {
      await db
        .insertInto('article_analysis')
        .values({ article_id: id, content_hash: hash, version, data })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ content_hash: hash, version, data }))
        .execute();
      await indexArticle(db, id, rows);
      await bumpKbVersion(db);
    });
  }

  /** Index a cached analysis the retrieval index lacks (a store made before it existed); no change is counted. */
  async indexAnalysis(id: string, data: string): Promise<void> {
    const rows = sentenceRows(JSON.parse(data) as Parameters<typeof sentenceRows>[0]);
    await this.atomically((_store, db) => indexArticle(db, id, rows));
  }

  /**
   * The knowledge base's change counter, so a running bot can tell when to reload: one row every change to an
   * article or its analysis bumps in the same transaction (by any process), not a scan of the articles.
   */
  async lastChange(): Promise<string> {
    return `v${await kbVersion(this.db)}`;
  }
}
