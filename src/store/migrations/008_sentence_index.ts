import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import { autoId } from './portable.js';

/**
 * The knowledge base's retrieval index in the store (issue #12), kept in step with the articles in the same
 * transactions that change them:
 * - kb_sentences: one row per analysed sentence (article id, index in its analysis, its words and its content
 *   stems, each space-separated, and how many distinct words it has: its length for BM25). Portable.
 * - kb_version: one row whose counter every change to articles, analyses or the index bumps, so a running
 *   instance notices another process's change with a one-row read; with the index's totals (sentences, summed
 *   lengths) that BM25 needs, kept in the same transactions. Portable (PostgreSQL included).
 * - On SQLite, kb_sentence_fts: an FTS5 index over kb_sentences (external content, so the text is stored once),
 *   maintained by triggers; BM25 over `stems` for question terms, phrases over `words` for entity names. The
 *   PostgreSQL equivalent (tsvector + GIN) belongs to the cluster work (issue #13).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const [idType, idColumn] = autoId(db);
  await db.schema
    .createTable('kb_sentences')
    .addColumn('id', idType, idColumn)
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('sentence', 'integer', (c) => c.notNull())
    .addColumn('words', 'text', (c) => c.notNull())
    .addColumn('stems', 'text', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_sentences_article').on('kb_sentences').columns(['article_id', 'sentence']).execute();
  await db.schema
    .createTable('kb_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sentences', 'integer', (c) => c.notNull())
    .addColumn('length_total', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into kb_version (id, version, sentences, length_total) values (1, 0, 0, 0)`.execute(db);
  if (dialectOf(db) !== 'sqlite') return;
  // Tokens are words() output, already lower-cased and split: keep every letter, number, mark and symbol
  // ("£5") inside a token, as MiniSearch's tokenizer did, and never fold diacritics the analyser kept.
  await sql`create virtual table kb_sentence_fts using fts5(
    words, stems, content='kb_sentences', content_rowid='id',
    tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M* S*'"
  )`.execute(db);
  await sql`create trigger kb_sentences_ai after insert on kb_sentences begin
    insert into kb_sentence_fts(rowid, words, stems) values (new.id, new.words, new.stems);
  end`.execute(db);
  await sql`create trigger kb_sentences_ad after delete on kb_sentences begin
    insert into kb_sentence_fts(kb_sentence_fts, rowid, words, stems) values ('delete', old.id, old.words, old.stems);
  end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`drop trigger if exists kb_sentences_ad`.execute(db);
    await sql`drop trigger if exists kb_sentences_ai`.execute(db);
    await sql`drop table if exists kb_sentence_fts`.execute(db);
  }
  await db.schema.dropTable('kb_version').execute();
  await db.schema.dropTable('kb_sentences').execute();
}
