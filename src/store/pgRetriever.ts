/**
 * The Retriever stage (src/core/answer/retriever.ts) on PostgreSQL: tsvector + GIN over kb_sentences
 * (migration 010), with the same meaning as the SQLite FTS5 retriever (ftsRetriever.ts), so an instance on
 * PostgreSQL holds no sentence index in its heap and a question gets the same candidates on either database.
 *
 * - Terms: the GIN index on `stems_tsv` finds the sentences holding any of the question's stems (lexemes taken
 *   verbatim: no re-stemming, no re-tokenising); their ranking is MiniSearch's BM25+, computed in JS from each
 *   sentence's `stems` and the totals kept in kb_version (bm25.ts, shared with FTS5). Why not BM25 in SQL: the
 *   per-term document frequencies are counted among the matches, and the same function on both backends is
 *   what makes the two rank identically, ties included (a SQL re-statement of the formula could drift in
 *   floating-point order of operations, and ts_rank is not BM25). Only beyond TERM_CANDIDATES_MAX matches does
 *   ts_rank choose which candidates are scored, as FTS5's own bm25() does on SQLite.
 * - Entities: the GIN index on `words_tsv` finds sentences holding every word of one of an entity's names; the
 *   name is then checked as a phrase against `words` here (the vectors keep no positions). The latest
 *   ENTITY_WINDOW of them (by id: the order sentences were indexed, as FTS5's rowids) are ranked here by the
 *   weight of the question terms they hold, then by how many asked entities they name, then in the knowledge
 *   base's order — as FtsRetriever ranks them.
 *
 * Asynchronous (pg): the engine awaits it through Engine.settle before its synchronous stages run.
 */
import { sql } from 'kysely';
import {
  type AsyncRetriever,
  ENTITY_TIE_BONUS,
  ENTITY_WINDOW,
  type RetrievalQuery,
  type RetrievedSentence,
  termWeightIn,
} from '../core/answer/retriever.js';
import { rankByBm25, type TermRow } from './bm25.js';
import type { Db } from './db.js';

/**
 * At most this many sentences matching a question's terms are scored (all of them, normally: the engine asks by
 * rare words within a postings budget). The same bound as FtsRetriever's, for the same reason.
 */
const TERM_CANDIDATES_MAX = 20_000;

/**
 * ts_rank's normalisation 1 (divide by 1 + log of the vector's length): only used to choose candidates past
 * TERM_CANDIDATES_MAX, where it prefers short sentences holding more of the terms, as BM25 does.
 */
const TS_RANK_LOG_LENGTH = 1;

/** A tsquery lexeme taken verbatim: quoted, quotes doubled and backslashes escaped (tsquery input syntax). */
function lexeme(token: string): string {
  return `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** tsquery text matching any of the tokens. */
function anyOf(tokens: string[]): string {
  return tokens.map(lexeme).join(' | ');
}

interface EntityRow {
  article: string;
  sentence: number;
  words: string;
  stems: string;
}

interface EntityKey {
  /** tsquery text: every word of one of the entity's names. */
  match: string;
  /** Each name as ` words ` to find in a sentence's padded words (the phrase check). */
  phrases: string[];
}

export class PgRetriever implements AsyncRetriever {
  /** `entityWindow`: ENTITY_WINDOW unless a test asks for a smaller one (to see the bound at work). */
  constructor(
    private readonly db: Db,
    private readonly opts: { entityWindow?: number } = {},
  ) {}

  async retrieveAsync(query: RetrievalQuery, limit: number): Promise<RetrievedSentence[]> {
    const [terms, entities] = await Promise.all([
      query.terms.length ? this.byBm25(query.terms, limit) : [],
      this.byEntities(query, limit),
    ]);
    const out = new Map<string, RetrievedSentence>();
    for (const hit of [...terms, ...entities]) {
      const key = `${hit.article}\u0000${hit.sentence}`;
      if (!out.has(key)) out.set(key, hit);
    }
    return [...out.values()];
  }

  /** The sentences holding any of the terms, ranked by BM25+ as the in-memory index ranks them (bm25.ts). */
  private async byBm25(terms: string[], limit: number): Promise<RetrievedSentence[]> {
    const q = anyOf(terms);
    const { rows } = await sql<TermRow & { n: number; total: number }>`
      select s.article_id as article, s.sentence as sentence, s.stems as stems, s.length as length,
        a.published as published, v.sentences as n, v.length_total as total
      from kb_sentences s join articles a on a.id = s.article_id cross join kb_version v
      where v.id = 1 and s.stems_tsv @@ ${q}::tsquery
      order by ts_rank(s.stems_tsv, ${q}::tsquery, ${TS_RANK_LOG_LENGTH}) desc
      limit ${TERM_CANDIDATES_MAX}`.execute(this.db);
    const first = rows[0];
    const totals = first ? { sentences: Number(first.n), length_total: Number(first.total) } : undefined;
    return rankByBm25(rows, terms, totals, limit);
  }

  /**
   * The latest ENTITY_WINDOW sentences naming any of the entities, ranked by the weight of the question terms they
   * hold (weighed here from their stems), then by how many of the entities they name, then in the knowledge base's
   * order; then — only if fewer than `limit` hold a question term — the rest of the window: those naming every
   * entity first, then any, each in the knowledge base's order (FtsRetriever's order exactly).
   */
  private async byEntities(query: RetrievalQuery, limit: number): Promise<RetrievedSentence[]> {
    const entities: EntityKey[] = query.entities
      .map((e) => e.names.filter((n) => n.length))
      .filter((names) => names.length)
      .map((names) => ({
        match: `(${names.map((n) => `(${n.map(lexeme).join(' & ')})`).join(' | ')})`,
        phrases: names.map((n) => ` ${n.join(' ')} `),
      }));
    if (!entities.length) return [];
    const named = (row: EntityRow) => {
      const padded = ` ${row.words} `;
      return entities.filter((e) => e.phrases.some((w) => padded.includes(w))).length;
    };
    const anyEntity = entities.map((e) => e.match).join(' | ');
    // The window, newest first, a page at a time: every word of a name is no phrase ("cable car" holds "cable"
    // but does not name Vince Cable), so rows failing the phrase check are skipped and the next page read.
    const size = this.opts.entityWindow ?? ENTITY_WINDOW;
    const window: { row: WindowRow; count: number }[] = [];
    for (let before: number | undefined; window.length < size; ) {
      const { rows } = await sql<WindowRow>`
        select s.id as id, s.article_id as article, s.sentence as sentence, s.words as words, s.stems as stems,
          a.published as published
        from kb_sentences s join articles a on a.id = s.article_id
        where s.words_tsv @@ ${anyEntity}::tsquery ${before === undefined ? sql`` : sql`and s.id < ${before}`}
        order by s.id desc
        limit ${size}`.execute(this.db);
      for (const row of rows) {
        const count = named(row);
        if (count && window.length < size) window.push({ row, count });
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < size) break;
      before = Number(last.id);
    }
    window.sort((a, b) => kbOrder(a.row, b.row));
    const scored = window.map(({ row, count }) => {
      const stems = new Set(row.stems.split(' '));
      return { row, count, weight: termWeightIn(query.weights, (x) => stems.has(x)) };
    });
    const out = scored
      .filter((x) => x.weight > 0)
      .map((x) => ({ row: x.row, score: x.weight + ENTITY_TIE_BONUS * x.count }))
      .sort((a, b) => b.score - a.score || kbOrder(a.row, b.row))
      .slice(0, limit)
      .map(({ row, score }) => hitOf(row, score));
    // The rest in the knowledge base's order: naming every entity first, then any.
    const rest = scored.filter((x) => x.weight <= 0);
    const fill = (enough: (count: number) => boolean) => {
      for (const x of rest) {
        if (out.length >= limit) return;
        if (enough(x.count) && !out.some((h) => h.article === x.row.article && h.sentence === x.row.sentence))
          out.push(hitOf(x.row, ENTITY_TIE_BONUS * x.count));
      }
    };
    if (entities.length > 1) fill((count) => count === entities.length);
    fill((count) => count > 0);
    return out;
  }
}

interface WindowRow extends EntityRow {
  id: number | string;
  published: string;
}

/** The knowledge base's order (published, article id, sentence), compared as SQLite's BINARY collation does. */
function kbOrder(a: WindowRow, b: WindowRow): number {
  const by = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return by(a.published, b.published) || by(a.article, b.article) || a.sentence - b.sentence;
}

function hitOf(row: EntityRow, score: number): RetrievedSentence {
  return { article: row.article, sentence: row.sentence, score, lane: 'entities' };
}
