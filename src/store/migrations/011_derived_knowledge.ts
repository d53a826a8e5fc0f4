import { type Kysely, sql } from 'kysely';

/**
 * The knowledge derived from the articles, kept in the store (issue #12) so that a start or a one-shot ask reads
 * what it needs on demand instead of re-deriving it from every analysis:
 * - kb_terms: every word (kind 'w') and content stem (kind 's') of the indexed sentences with the number of
 *   sentences holding it (its document frequency), kept in step with kb_sentences by indexArticle and
 *   unindexArticle in the transactions that change them; kind 'x' holds the words of derived articles' titles
 *   and publications (vocabulary only). FTS5's own vocabulary table cannot serve: it counts by scanning the
 *   term's postings (25–200 ms a term at 100,000 articles).
 * - kb_derived_articles: the articles derived so far, in the order they were derived (`seq`: the knowledge's
 *   article order), for the content and version of the row they were derived from (`content_hash`,
 *   `updated_at`), with their metadata (JSON: what the knowledge holds of each article, read at start without
 *   touching the article rows, whose bodies make reading them slow), their sentences' entities (JSON, one list
 *   per sentence) and what they are about (topics, JSON).
 * - kb_article_entities: per derived article and entity, how many of its sentences name it (entity document
 *   frequency and "which sentences name X" without reading every article).
 * - kb_found_quotes and kb_quote_keys: quotes found in derived articles, filed by speaker ('s': entity ids named
 *   in or linked to the speaker, 'spokesman') and by the entities their text names ('a').
 * - kb_entity_found: appositive descriptions found for entities ("Lord Adonis, the former Cabinet minister"),
 *   and kb_found_words: each description's words, so "who is the mayor of X?" finds the descriptions holding a
 *   word without reading every entity's.
 * - kb_auto_entities and kb_auto_names: entities found in articles (in the order found) and every name the
 *   derivation has filed, with the entity a bare surname joins (`owner`).
 * - kb_vocab_order: the order words and stems of titles and sentences were first seen in, as a build adds them
 *   to its vocabulary: typo correction takes the first of equally close words in that order.
 * - kb_derived_meta: what the derived rows were derived with (the curated layer and the analyser: `basis`);
 *   rows of another basis are dropped and derived again. `kb_version`: the store's change counter (migration 008)
 *   when derivation last found nothing pending, so a start that finds it unchanged skips looking.
 * - Indexes that let a start read what it needs without the article rows: articles by last change (the reload
 *   mark), articles' and analyses' ids with their content hashes (what is pending).
 * Derived rows hang off kb_derived_articles, which hangs off articles: removing an article removes what was
 * derived from it (ON DELETE CASCADE; SQLite enforces foreign keys on every connection the store opens).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table kb_terms (
    term text not null, kind text not null, df integer not null, primary key (term, kind)
  )`.execute(db);
  await sql`create table kb_derived_meta (
    id integer primary key, basis text not null, next_seq integer not null, kb_version integer not null
  )`.execute(db);
  await sql`insert into kb_derived_meta (id, basis, next_seq, kb_version) values (1, '', 0, -1)`.execute(db);
  await sql`create index articles_updated_idx on articles (updated_at)`.execute(db);
  await sql`create index articles_content_idx on articles (id, content_hash, updated_at)`.execute(db);
  await sql`create index article_analysis_current_idx on article_analysis (article_id, version, content_hash)`.execute(
    db,
  );
  await sql`create table kb_derived_articles (
    article_id text primary key references articles(id) on delete cascade,
    seq integer not null unique,
    content_hash text not null,
    updated_at text not null,
    meta text not null,
    sentences integer not null,
    ents text not null,
    topics text not null
  )`.execute(db);
  await sql`create table kb_article_entities (
    entity text not null,
    seq integer not null,
    article_id text not null references kb_derived_articles(article_id) on delete cascade,
    n integer not null,
    primary key (entity, seq)
  )`.execute(db);
  await sql`create index kb_article_entities_article on kb_article_entities (article_id)`.execute(db);
  await sql`create table kb_found_quotes (
    id text primary key,
    article_id text not null references kb_derived_articles(article_id) on delete cascade,
    seq integer not null,
    n integer not null,
    speaker text not null,
    data text not null
  )`.execute(db);
  await sql`create index kb_found_quotes_article on kb_found_quotes (article_id, n)`.execute(db);
  await sql`create index kb_found_quotes_order on kb_found_quotes (seq, n)`.execute(db);
  await sql`create table kb_quote_keys (
    kind text not null,
    key text not null,
    seq integer not null,
    n integer not null,
    quote_id text not null references kb_found_quotes(id) on delete cascade,
    primary key (kind, key, seq, n)
  )`.execute(db);
  await sql`create index kb_quote_keys_quote on kb_quote_keys (quote_id)`.execute(db);
  await sql`create table kb_entity_found (
    entity text not null,
    seq integer not null,
    i integer not null,
    article_id text not null references kb_derived_articles(article_id) on delete cascade,
    sentence integer not null,
    description text not null,
    primary key (entity, seq, i)
  )`.execute(db);
  await sql`create index kb_entity_found_article on kb_entity_found (article_id)`.execute(db);
  await sql`create table kb_found_words (
    word text not null,
    entity text not null,
    seq integer not null,
    i integer not null,
    primary key (word, entity, seq, i),
    foreign key (entity, seq, i) references kb_entity_found (entity, seq, i) on delete cascade
  )`.execute(db);
  await sql`create table kb_auto_entities (
    id text primary key, seq integer not null unique, type text not null, name text not null, aliases text not null
  )`.execute(db);
  await sql`create table kb_auto_names (key text primary key, owner text)`.execute(db);
  await sql`create table kb_vocab_order (term text primary key, ord integer not null)`.execute(db);
  // The terms of the sentences already indexed (stores made before this migration), counted once.
  const counts = new Map<string, number>();
  let last = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; words: string; stems: string }>`
      select id, words, stems from kb_sentences where id > ${last} order by id limit 5000`.execute(db);
    if (!rows.length) break;
    for (const r of rows) {
      last = Number(r.id);
      for (const w of new Set(r.words.split(' '))) if (w) counts.set(`w ${w}`, (counts.get(`w ${w}`) ?? 0) + 1);
      for (const t of new Set(r.stems.split(' '))) if (t) counts.set(`s ${t}`, (counts.get(`s ${t}`) ?? 0) + 1);
    }
  }
  const entries = [...counts];
  for (let i = 0; i < entries.length; i += 300) {
    const values = entries.slice(i, i + 300).map(([k, df]) => sql`(${k.slice(2)}, ${k[0]}, ${df})`);
    await sql`insert into kb_terms (term, kind, df) values ${sql.join(values)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['article_analysis_current_idx', 'articles_content_idx', 'articles_updated_idx'])
    await sql`drop index if exists ${sql.table(i)}`.execute(db);
  for (const t of [
    'kb_vocab_order',
    'kb_auto_names',
    'kb_auto_entities',
    'kb_found_words',
    'kb_entity_found',
    'kb_quote_keys',
    'kb_found_quotes',
    'kb_article_entities',
    'kb_derived_articles',
    'kb_derived_meta',
    'kb_terms',
  ])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
