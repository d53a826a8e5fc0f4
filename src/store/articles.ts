/**
 * Articles in the store: the bundled kb/ articles (synced at start) and ingested ones, each with a stable id,
 * a content hash (re-ingesting the same article updates it instead of duplicating it) and its cached analysis.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import type { ArticlesTable } from './schema.js';

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

  /** Insert or update by id; returns whether anything changed. */
  async upsert(a: ArticleInput): Promise<{ inserted: boolean; changed: boolean }> {
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
      return { inserted: false, changed: true };
    }
    await this.db
      .insertInto('articles')
      .values({ id: a.id, added_at: at, source: a.source ?? null, ...row })
      .execute();
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

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('articles').where('id', '=', id).execute();
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

  async saveAnalysis(id: string, hash: string, version: number, data: string): Promise<void> {
    await this.db
      .insertInto('article_analysis')
      .values({ article_id: id, content_hash: hash, version, data })
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ content_hash: hash, version, data }))
      .execute();
  }

  /** The latest change to any article, so a running bot can tell when to reload. */
  async lastChange(): Promise<string> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => [eb.fn.max('updated_at').as('last'), eb.fn.countAll().as('n')])
      .executeTakeFirst();
    return `${row?.last ?? ''}#${row?.n ?? 0}`;
  }
}
