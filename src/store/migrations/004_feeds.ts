import type { Kysely } from 'kysely';
import { autoId } from './portable.js';

/**
 * RSS/Atom feeds the bot polls, and the items it has seen in each (deduplicated by GUID, else URL).
 * Times are ISO-8601 UTC text, like the rest of the store; the SQL is portable to PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feeds')
    .addColumn('id', ...autoId(db))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok'))
    .addColumn('failure_reason', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('last_polled_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('seeded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feeds_next_poll_idx').on('feeds').column('next_poll_at').execute();

  await db.schema
    .createTable('feed_items')
    .addColumn('id', ...autoId(db))
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('guid_or_url', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('url', 'text')
    /** seeded (present when the feed was added; never ingested) | ingested | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feed_items_feed_guid', ['feed_id', 'guid_or_url'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feed_items').execute();
  await db.schema.dropTable('feeds').execute();
}
