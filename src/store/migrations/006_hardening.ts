import type { Kysely } from 'kysely';

/**
 * Hardening (issue #14): an ingested article remembers the source it was first ingested from, so a different file
 * whose title and date give the same id cannot silently replace it. Nullable text: portable to PostgreSQL, and
 * articles stored before this migration have no recorded source (the next ingestion records it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('source', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('source').execute();
}
