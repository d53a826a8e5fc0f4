import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * PostgreSQL full-text retrieval over kb_sentences (issue #13), the counterpart of the FTS5 table migration 008
 * made on SQLite (which needs nothing more for retrieval):
 * - stems_tsv: the sentence's content stems as a tsvector, and words_tsv: its words, each built with
 *   array_to_tsvector(string_to_array(column, ' ')), i.e. the space-separated tokens taken verbatim as lexemes.
 *   The rows already hold words() tokens and processTerm() stems, so PostgreSQL must neither re-tokenise nor
 *   re-stem them: even the 'simple' configuration's parser would split "£5" or "auto-sir-vince-cable" and fold
 *   nothing the same way the in-memory index does, while verbatim lexemes match exactly the strings the engine
 *   asks for. No positions are kept (phrases are checked in the retriever against `words`), so the vectors
 *   stay small. Generated columns: every write path (indexArticle's inserts) fills them without code.
 * - GIN indexes on both, so finding the sentences holding a term or naming an entity is an index lookup.
 *
 * And, on both dialects, the indexes retention needs (src/store/retention.ts): `threads` by `updated_at` and
 * `digest_deliveries` by `finished_at`, so pruning reads only the old rows instead of scanning tables that grow
 * by one row per thread and per digest post (tens of thousands a day at 50,000 servers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('threads_updated_idx').on('threads').column('updated_at').execute();
  await db.schema.createIndex('digest_deliveries_finished_idx').on('digest_deliveries').column('finished_at').execute();
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table kb_sentences
    add column stems_tsv tsvector generated always as (array_to_tsvector(string_to_array(stems, ' '))) stored,
    add column words_tsv tsvector generated always as (array_to_tsvector(string_to_array(words, ' '))) stored`.execute(
    db,
  );
  await sql`create index kb_sentences_stems_gin on kb_sentences using gin (stems_tsv)`.execute(db);
  await sql`create index kb_sentences_words_gin on kb_sentences using gin (words_tsv)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('digest_deliveries_finished_idx').ifExists().execute();
  await db.schema.dropIndex('threads_updated_idx').ifExists().execute();
  if (dialectOf(db) !== 'postgres') return;
  await sql`drop index if exists kb_sentences_words_gin`.execute(db);
  await sql`drop index if exists kb_sentences_stems_gin`.execute(db);
  await sql`alter table kb_sentences drop column if exists words_tsv, drop column if exists stems_tsv`.execute(db);
}
