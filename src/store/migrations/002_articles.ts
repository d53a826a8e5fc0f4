import type { Kysely } from 'kysely';

/** Articles (bundled and ingested) and their cached automatic analysis. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('publication', 'text')
    .addColumn('publication_confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published', 'text', (c) => c.notNull())
    .addColumn('published_precision', 'text', (c) => c.notNull())
    .addColumn('published_inferred', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_note', 'text')
    .addColumn('author', 'text')
    .addColumn('url', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('parts_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_added_idx').on('articles').column('added_at').execute();
  await db.schema
    .createTable('article_analysis')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('article_analysis').execute();
  await db.schema.dropTable('articles').execute();
}
