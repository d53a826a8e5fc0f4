/**
 * The derived knowledge in the store (migration 011, issue #12), on SQLite: reading it for the store-backed
 * knowledge (src/core/answer/storedKnowledge.ts) synchronously on the store's better-sqlite3 connection, and
 * keeping it: which articles still need deriving, the state a derivation continues from, and saving what it
 * derived in one transaction that first checks nobody derived in between (another process: `whip ask`, a second
 * bot on the same file).
 */
import type Database from 'better-sqlite3';
import {
  type ArticleInfo,
  type AutoEntity,
  type DerivedBatch,
  type DerivedState,
  descriptionWords,
  type EntityInfo,
  type QuoteInfo,
} from '../core/answer/knowledge.js';
import type { DerivedReader, DescribedRow } from '../core/answer/storedKnowledge.js';
import type { ArticleRow } from './articles.js';

/** An article row's metadata columns, as the knowledge takes them. */
const META = `a.id as id, a.title as title, a.publication as publication,
  a.publication_confirmed as publication_confirmed, a.published as published,
  a.published_precision as published_precision, a.published_inferred as published_inferred, a.url as url,
  a.author as author, a.origin as origin, a.added_at as added_at`;

/** The article row's columns the knowledge takes (all before the body: reading them never touches it). */
type MetaRow = Pick<
  ArticleRow,
  | 'id'
  | 'title'
  | 'publication'
  | 'publication_confirmed'
  | 'published'
  | 'published_precision'
  | 'published_inferred'
  | 'url'
  | 'author'
  | 'origin'
  | 'added_at'
>;

/** An article row's metadata as the knowledge takes it (the analysis is read separately). */
export function metaOf(r: MetaRow): Omit<ArticleInfo, 'analysis'> {
  return {
    id: r.id,
    title: r.title,
    publication: r.publication,
    publicationConfirmed: Boolean(r.publication_confirmed),
    published: r.published,
    precision: r.published_precision as ArticleInfo['precision'],
    inferred: Boolean(r.published_inferred),
    url: r.url,
    author: r.author,
    origin: r.origin,
    addedAt: r.added_at,
  };
}

export class SqliteDerivedReader implements DerivedReader {
  private readonly stmts;

  constructor(private readonly sqlite: Database.Database) {
    const p = <R>(text: string) => sqlite.prepare<unknown[], R>(text);
    this.stmts = {
      articles: p<{ id: string; sentences: number }>(
        'select article_id as id, sentences from kb_derived_articles order by seq',
      ),
      meta: p<{ meta: string }>('select meta from kb_derived_articles where article_id = ?'),
      auto: p<{ id: string; type: string; name: string; aliases: string }>(
        'select id, type, name, aliases from kb_auto_entities order by seq',
      ),
      article: p<{ ents: string; topics: string }>('select ents, topics from kb_derived_articles where article_id = ?'),
      entityDf: p<{ n: number | null }>('select sum(n) as n from kb_article_entities where entity = ?'),
      naming: p<{ id: string }>('select article_id as id from kb_article_entities where entity = ? order by seq'),
      termDf: p<{ df: number }>(`select df from kb_terms where term = ? and kind = 's'`),
      hasTerm: p<{ one: number }>('select 1 as one from kb_terms where term = ? limit 1'),
      near: p<{ term: string }>(
        `select v.term as term from kb_vocab_order v
         where v.term >= ? and v.term < ? and length(v.term) between ? and ?
           and exists (select 1 from kb_terms t where t.term = v.term)
         order by v.ord`,
      ),
      wordCount: p<{ n: number }>('select count(*) as n from (select 1 from kb_found_words where word = ? limit ?)'),
      latestByKey: p<{ data: string }>(
        `select q.data as data from kb_quote_keys k join kb_found_quotes q on q.id = k.quote_id
         where k.kind = ? and k.key = ? order by k.seq desc, k.n desc limit ?`,
      ),
      speakers: p<{ speaker: string }>(
        `select q.speaker as speaker
         from (select quote_id, seq, n from kb_quote_keys where kind = 's' and key = ? order by seq desc, n desc limit ?) k
         join kb_found_quotes q on q.id = k.quote_id
         group by q.speaker order by min(k.seq * 1000000 + k.n) limit ?`,
      ),
      found: p<{ description: string; article: string; sentence: number }>(
        `select description, article_id as article, sentence from kb_entity_found where entity = ?
         order by seq, i limit ?`,
      ),
      quoteCount: p<{ n: number }>('select count(*) as n from kb_found_quotes'),
      quotesAll: p<{ data: string }>('select data from kb_found_quotes order by seq, n'),
      latestAll: p<{ data: string }>('select data from kb_found_quotes order by seq desc, n desc limit ?'),
      quotesOfArticle: p<{ data: string }>('select data from kb_found_quotes where article_id = ? order by n'),
      quotesByKey: p<{ data: string }>(
        `select q.data as data from kb_quote_keys k join kb_found_quotes q on q.id = k.quote_id
         where k.kind = ? and k.key = ? order by k.seq, k.n`,
      ),
    };
  }

  articles(): { id: string; sentences: number }[] {
    return this.stmts.articles.all();
  }

  articleMeta(articleId: string): Omit<ArticleInfo, 'analysis'> | undefined {
    const row = this.stmts.meta.get(articleId);
    return row ? (JSON.parse(row.meta) as Omit<ArticleInfo, 'analysis'>) : undefined;
  }

  autoEntities(): AutoEntity[] {
    return this.stmts.auto.all().map((r) => ({
      id: r.id,
      type: r.type as AutoEntity['type'],
      name: r.name,
      aliases: JSON.parse(r.aliases) as string[],
    }));
  }

  article(articleId: string): { ents: string[][]; topics: string[] } | undefined {
    const row = this.stmts.article.get(articleId);
    return row ? { ents: JSON.parse(row.ents) as string[][], topics: JSON.parse(row.topics) as string[] } : undefined;
  }

  entityDf(entity: string): number {
    return Number(this.stmts.entityDf.get(entity)?.n ?? 0);
  }

  *articlesNaming(entity: string): Iterable<string> {
    for (const r of this.stmts.naming.iterate(entity)) yield r.id;
  }

  termDf(stem: string): number {
    return this.stmts.termDf.get(stem)?.df ?? 0;
  }

  hasTerm(word: string): boolean {
    return Boolean(this.stmts.hasTerm.get(word));
  }

  termsNear(initial: string, length: number, slack: number): string[] {
    const next = String.fromCodePoint((initial.codePointAt(0) ?? 0) + 1);
    return this.stmts.near.all(initial, next, length - slack, length + slack).map((r) => r.term);
  }

  found(entity: string, limit: number): NonNullable<EntityInfo['found']> {
    return this.stmts.found.all(entity, limit);
  }

  /**
   * Descriptions holding every one of the words: read by the word with the fewest descriptions (each counted only
   * up to the fewest so far, longest words first: they are usually the rarest), the others checked by key.
   */
  describedAs(words: string[]): DescribedRow[] {
    const distinct = [...new Set(words)].sort((a, b) => b.length - a.length);
    let rarest: string | undefined;
    let fewest = -1;
    for (const w of distinct) {
      // A negative LIMIT is no limit in SQLite: the first word is counted in full.
      const n = this.stmts.wordCount.get(w, fewest)?.n ?? 0;
      if (n === 0) return [];
      if (fewest < 0 || n < fewest) [rarest, fewest] = [w, n];
    }
    if (rarest === undefined) return [];
    const others = distinct.filter((w) => w !== rarest);
    return this.describedStatement(others.length).all(rarest, ...others);
  }

  private readonly described = new Map<number, Database.Statement<string[], DescribedRow>>();

  /** Descriptions holding the first word and `others` more (one prepared statement per count). */
  private describedStatement(others: number): Database.Statement<string[], DescribedRow> {
    let stmt = this.described.get(others);
    if (!stmt) {
      const also = Array.from(
        { length: others },
        () =>
          'and exists (select 1 from kb_found_words x where x.word = ? and x.entity = w.entity and x.seq = w.seq and x.i = w.i)',
      ).join(' ');
      stmt = this.sqlite.prepare<string[], DescribedRow>(
        `select f.entity as entity, f.description as description, f.article_id as article, f.sentence as sentence,
           f.seq as seq, f.i as i
         from kb_found_words w join kb_entity_found f on f.entity = w.entity and f.seq = w.seq and f.i = w.i
         where w.word = ? ${also}`,
      );
      this.described.set(others, stmt);
    }
    return stmt;
  }

  speakers(key: string, limit: number, within: number): string[] {
    return this.stmts.speakers.all(key, within, limit).map((r) => r.speaker);
  }

  quoteCount(): number {
    return this.stmts.quoteCount.get()?.n ?? 0;
  }

  quotes(
    filter?: { article: string } | { kind: 's' | 'a'; key: string; latest?: number } | { latest: number },
  ): QuoteInfo[] {
    const rows = !filter
      ? this.stmts.quotesAll.all()
      : !('key' in filter) && !('article' in filter)
        ? this.stmts.latestAll.all(filter.latest).reverse()
        : 'article' in filter
          ? this.stmts.quotesOfArticle.all(filter.article)
          : filter.latest !== undefined
            ? this.stmts.latestByKey.all(filter.kind, filter.key, filter.latest).reverse()
            : this.stmts.quotesByKey.all(filter.kind, filter.key);
    return rows.map((r) => JSON.parse(r.data) as QuoteInfo);
  }
}

/** An article to derive: its metadata and the version of its row it was read at. */
export interface PendingArticle {
  meta: Omit<ArticleInfo, 'analysis'>;
  hash: string;
  updatedAt: string;
}

/**
 * Articles to derive: analysed (current analyser, current content) and not derived from that version of their
 * row yet, in (published, id) order. Empty without looking when the store has not changed since derivation last
 * found nothing pending (`kbVersion`: the store's change counter, read by the caller before this).
 */
export function pendingArticles(
  sqlite: Database.Database,
  analyserVersion: number,
  kbVersion: number,
): PendingArticle[] {
  const meta = sqlite.prepare('select kb_version from kb_derived_meta where id = 1').get() as { kb_version: number };
  if (meta.kb_version === kbVersion) return [];
  const ids = sqlite
    .prepare<[number], { id: string }>(
      `select a.id as id from articles a
       join article_analysis x on x.article_id = a.id and x.content_hash = a.content_hash and x.version = ?
       left join kb_derived_articles d
         on d.article_id = a.id and d.content_hash = a.content_hash and d.updated_at = a.updated_at
       where d.article_id is null`,
    )
    .all(analyserVersion)
    .map((r) => r.id);
  const one = sqlite.prepare<[string], MetaRow & { hash: string; updated_at: string }>(
    `select ${META}, a.content_hash as hash, a.updated_at as updated_at from articles a where a.id = ?`,
  );
  return ids
    .flatMap((id) => {
      const r = one.get(id);
      return r ? [{ meta: metaOf(r), hash: r.hash, updatedAt: r.updated_at }] : [];
    })
    .sort((a, b) => cmp(a.meta.published, b.meta.published) || cmp(a.meta.id, b.meta.id));
}

/** Remember that nothing was pending at the store's change counter `kbVersion`. */
export function markDerived(sqlite: Database.Database, kbVersion: number): void {
  sqlite.prepare('update kb_derived_meta set kb_version = ? where id = 1').run(kbVersion);
}

/** The store's change counter (migration 008). */
export function storeVersion(sqlite: Database.Database): number {
  return (sqlite.prepare('select version from kb_version where id = 1').get() as { version: number }).version;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Are there articles without a current analysis (to analyse before deriving: a full load does that)? */
export function unanalysedArticles(sqlite: Database.Database, analyserVersion: number): number {
  const row = sqlite
    .prepare<[number], { n: number }>(
      `select count(*) as n from articles a left join article_analysis x
       on x.article_id = a.id and x.content_hash = a.content_hash and x.version = ? where x.article_id is null`,
    )
    .get(analyserVersion);
  return row?.n ?? 0;
}

/** Where derivation stands: the basis it was made on and how far it has gone (changes with every save). */
interface Mark {
  basis: string;
  nextSeq: number;
}

function markOf(sqlite: Database.Database): Mark {
  const row = sqlite.prepare('select basis, next_seq from kb_derived_meta where id = 1').get() as
    | { basis: string; next_seq: number }
    | undefined;
  return { basis: row?.basis ?? '', nextSeq: row?.next_seq ?? 0 };
}

/**
 * Start over when the derived rows were made on another basis (another curated layer or analyser): everything
 * derived is dropped, to be derived again. Word counts of the sentences (kb_terms 'w'/'s') are not derived and
 * stay.
 */
export function resetIfBasisChanged(sqlite: Database.Database, basis: string): boolean {
  if (markOf(sqlite).basis === basis) return false;
  sqlite.transaction(() => {
    for (const t of [
      'kb_vocab_order',
      'kb_found_words',
      'kb_quote_keys',
      'kb_found_quotes',
      'kb_entity_found',
      'kb_article_entities',
      'kb_derived_articles',
      'kb_auto_entities',
      'kb_auto_names',
    ])
      sqlite.prepare(`delete from ${t}`).run();
    sqlite.prepare(`delete from kb_terms where kind = 'x'`).run();
    sqlite.prepare('update kb_derived_meta set basis = ?, next_seq = 0, kb_version = -1 where id = 1').run(basis);
  })();
  return true;
}

/** The state a derivation continues from, and the mark to check before saving on top of it. */
export function derivedState(sqlite: Database.Database): { state: DerivedState; mark: Mark } {
  return {
    mark: markOf(sqlite),
    state: {
      auto: new SqliteDerivedReader(sqlite).autoEntities(),
      names: sqlite.prepare('select key, owner from kb_auto_names').all() as { key: string; owner: string | null }[],
    },
  };
}

/**
 * Keep a derived batch, in one transaction. False (nothing written) when the store moved on since `mark` was
 * read — another process derived meanwhile, or the basis changed — so the caller derives again from the new
 * state. Articles changed or removed since they were read are skipped (the next derivation takes them).
 */
export function saveDerived(
  sqlite: Database.Database,
  batch: DerivedBatch,
  mark: Mark,
  read: Map<string, PendingArticle>,
): boolean {
  const insert = {
    article: sqlite.prepare(
      `insert into kb_derived_articles (article_id, seq, content_hash, updated_at, meta, sentences, ents, topics)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    stale: sqlite.prepare('delete from kb_derived_articles where article_id = ?'),
    current: sqlite.prepare('select content_hash as hash, updated_at as updatedAt from articles where id = ?'),
    entity: sqlite.prepare('insert into kb_article_entities (entity, seq, article_id, n) values (?, ?, ?, ?)'),
    quote: sqlite.prepare(
      'insert into kb_found_quotes (id, article_id, seq, n, speaker, data) values (?, ?, ?, ?, ?, ?)',
    ),
    word: sqlite.prepare('insert or ignore into kb_found_words (word, entity, seq, i) values (?, ?, ?, ?)'),
    key: sqlite.prepare('insert or ignore into kb_quote_keys (kind, key, seq, n, quote_id) values (?, ?, ?, ?, ?)'),
    found: sqlite.prepare(
      'insert into kb_entity_found (entity, seq, i, article_id, sentence, description) values (?, ?, ?, ?, ?, ?)',
    ),
    auto: sqlite.prepare(
      `insert into kb_auto_entities (id, seq, type, name, aliases)
       values (?, (select coalesce(max(seq), -1) + 1 from kb_auto_entities), ?, ?, ?)
       on conflict (id) do update set aliases = excluded.aliases`,
    ),
    name: sqlite.prepare(
      'insert into kb_auto_names (key, owner) values (?, ?) on conflict (key) do update set owner = excluded.owner',
    ),
    vocab: sqlite.prepare('insert or ignore into kb_vocab_order (term, ord) values (?, ?)'),
    lastOrd: sqlite.prepare('select coalesce(max(ord), -1) as ord from kb_vocab_order'),
    term: sqlite.prepare(
      `insert into kb_terms (term, kind, df) values (?, 'x', 1)
       on conflict (term, kind) do update set df = kb_terms.df + 1`,
    ),
    mark: sqlite.prepare('update kb_derived_meta set next_seq = ? where id = 1'),
  };
  return sqlite
    .transaction((): boolean => {
      const now = markOf(sqlite);
      if (now.basis !== mark.basis || now.nextSeq !== mark.nextSeq) return false;
      let seq = mark.nextSeq;
      const seqOf = new Map<string, number>();
      for (const a of batch.articles) {
        const was = read.get(a.id);
        const now = insert.current.get(a.id) as { hash: string; updatedAt: string } | undefined;
        if (!was || now?.hash !== was.hash || now.updatedAt !== was.updatedAt) continue;
        insert.stale.run(a.id);
        seqOf.set(a.id, seq);
        insert.article.run(
          a.id,
          seq,
          was.hash,
          was.updatedAt,
          JSON.stringify(was.meta),
          a.ents.length,
          JSON.stringify(a.ents),
          JSON.stringify(a.topics),
        );
        const counts = new Map<string, number>();
        for (const ents of a.ents) for (const e of ents) counts.set(e, (counts.get(e) ?? 0) + 1);
        for (const [e, n] of counts) insert.entity.run(e, seq, a.id, n);
        seq++;
      }
      const quoteN = new Map<string, number>();
      for (const { quote, speakerKeys } of batch.quotes) {
        const s = seqOf.get(quote.article);
        if (s === undefined) continue;
        const n = quoteN.get(quote.article) ?? 0;
        quoteN.set(quote.article, n + 1);
        insert.quote.run(quote.id, quote.article, s, n, quote.speaker.description, JSON.stringify(quote));
        for (const key of speakerKeys) insert.key.run('s', key, s, n, quote.id);
        for (const key of new Set(quote.about)) insert.key.run('a', key, s, n, quote.id);
      }
      const foundN = new Map<string, number>();
      for (const f of batch.found) {
        const s = seqOf.get(f.article);
        if (s === undefined) continue;
        const k = `${f.entity}\u0000${s}`;
        const i = foundN.get(k) ?? 0;
        foundN.set(k, i + 1);
        insert.found.run(f.entity, s, i, f.article, f.sentence, f.description);
        for (const w of new Set(descriptionWords(f.description))) insert.word.run(w, f.entity, s, i);
      }
      for (const e of batch.entities) insert.auto.run(e.id, e.type, e.name, JSON.stringify(e.aliases));
      for (const n of batch.names) insert.name.run(n.key, n.owner);
      for (const t of batch.titleTerms) insert.term.run(t);
      let ord = (insert.lastOrd.get() as { ord: number }).ord;
      for (const t of batch.vocabulary) if (insert.vocab.run(t, ord + 1).changes) ord++;
      insert.mark.run(seq);
      return true;
    })
    .immediate();
}
