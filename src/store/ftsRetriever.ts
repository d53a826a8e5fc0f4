/**
 * The Retriever stage (src/core/answer/retriever.ts) over the store's own index: SQLite FTS5 on kb_sentences
 * (migration 008). Terms: FTS5 finds the sentences, ranked by the same BM25+ as the in-memory index. Entities:
 * their names as phrases over each sentence's words, ranked by the question terms the sentence holds. Synchronous
 * reads on the store's connection
 * (better-sqlite3), so answering stays synchronous; nothing of the index is held in the process.
 */
import type Database from 'better-sqlite3';
import {
  containsToken,
  ENTITY_TIE_BONUS,
  ENTITY_WINDOW,
  type RetrievalQuery,
  type RetrievedSentence,
  type Retriever,
  termWeightIn,
} from '../core/answer/retriever.js';
import { rankByBm25, type TermRow } from './bm25.js';
import { type Db, sqliteHandleOf } from './db.js';
import { dialectOf } from './dialect.js';
import { PgRetriever } from './pgRetriever.js';

/**
 * At most this many sentences matching a question's terms are scored (all of them, normally: the engine asks by
 * rare words within a postings budget). Beyond it, FTS5's own BM25 picks which, and document frequencies are
 * counted among those only.
 */
const TERM_CANDIDATES_MAX = 20_000;

/** An FTS5 string: the tokens as one phrase, quotes doubled. */
function phrase(tokens: string[]): string {
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

export interface EntityRow {
  article: string;
  sentence: number;
  words: string;
  stems: string;
}

export class FtsRetriever implements Retriever {
  private readonly byTerms: Database.Statement<[string, number], TermRow>;
  private readonly entityRows: Database.Statement<[string, number, number], EntityRow>;
  private readonly window: Database.Statement<[string, number], { id: number; stems: string }>;
  private readonly entityRowsById: Database.Statement<[string], EntityRow & { id: number }>;
  private readonly totals: Database.Statement<[], { sentences: number; length_total: number }>;

  /** `entityWindow`: ENTITY_WINDOW unless a test asks for a smaller one (to see the bound at work). */
  constructor(
    sqlite: Database.Database,
    private readonly opts: { entityWindow?: number } = {},
  ) {
    // bm25() weights per column (words, stems): only the stems column counts (bm25() is lower for better).
    this.byTerms = sqlite.prepare(`
      select s.article_id as article, s.sentence as sentence, s.stems as stems, s.length as length,
        a.published as published
      from kb_sentence_fts join kb_sentences s on s.id = kb_sentence_fts.rowid
      join articles a on a.id = s.article_id
      where kb_sentence_fts match ? order by bm25(kb_sentence_fts, 0.0, 1.0) limit ?`);
    // The entity window: the latest matches (FTS5 walks its postings in rowid order, so this reads no more).
    this.window = sqlite.prepare(`
      select s.id as id, s.stems as stems from kb_sentence_fts join kb_sentences s on s.id = kb_sentence_fts.rowid
      where kb_sentence_fts match ? order by kb_sentence_fts.rowid desc limit ?`);
    // The sentences of a JSON array of ids, in the knowledge base's order.
    this.entityRowsById = sqlite.prepare(`
      select s.id as id, s.article_id as article, s.sentence as sentence, s.words as words, s.stems as stems
      from kb_sentences s join articles a on a.id = s.article_id
      where s.id in (select value from json_each(?)) order by a.published, a.id, s.sentence`);
    this.totals = sqlite.prepare('select sentences, length_total from kb_version where id = 1');
    // In the knowledge base's order (published, article id, sentence), the order the in-memory lane breaks ties in.
    this.entityRows = sqlite.prepare(`
      select s.article_id as article, s.sentence as sentence, s.words as words, s.stems as stems
      from kb_sentence_fts join kb_sentences s on s.id = kb_sentence_fts.rowid
      join articles a on a.id = s.article_id
      where kb_sentence_fts match ? and kb_sentence_fts.rowid >= ? order by a.published, a.id, s.sentence limit ?`);
  }

  retrieve(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    const out = new Map<string, RetrievedSentence>();
    const add = (hit: RetrievedSentence) => {
      const key = `${hit.article}\u0000${hit.sentence}`;
      if (!out.has(key)) out.set(key, hit);
    };
    if (query.terms.length) for (const hit of this.byBm25(query.terms, limit)) add(hit);
    for (const hit of this.byEntities(query, limit)) add(hit);
    return [...out.values()];
  }

  private byEntities(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    return rankEntities(query, limit, this.opts.entityWindow ?? ENTITY_WINDOW, {
      window: (entities, size) => this.window.all(anyOf(entities), size),
      rowsById: (ids) => this.entityRowsById.all(JSON.stringify(ids)),
      fill: (entities, every, oldest, n) =>
        this.entityRows.all(
          every ? `words : (${entities.map((e) => e.match).join(' AND ')})` : anyOf(entities),
          oldest,
          n,
        ),
    });
  }

  /** The sentences holding any of the terms, ranked by BM25+ as the in-memory index ranks them (bm25.ts). */
  private byBm25(terms: string[], limit: number): RetrievedSentence[] {
    const rows = this.byTerms.all(`stems : (${terms.map((t) => phrase([t])).join(' OR ')})`, TERM_CANDIDATES_MAX);
    return rankByBm25(rows, terms, this.totals.get(), limit);
  }
}

/** An asked entity as the entity lane looks for it. */
export interface EntityTerms {
  /** Its names as an FTS5 expression: any of them, each a phrase over the words column. */
  match: string;
  /** Its names' tokens (each name a phrase). */
  phrases: string[][];
  /** Its names' words space-separated ("ed miliband"), to count the entities a sentence's words name. */
  words: string[];
}

/** Where the entity lane reads its sentences: the store's FTS5 index, or its rows held in the heap. */
export interface EntityAccess {
  /** The latest `size` sentences naming any of the entities (newest first): ids and stems. */
  window(entities: EntityTerms[], size: number): { id: number; stems: string }[];
  /** These sentences in full, in the knowledge base's order (published, article id, sentence). */
  rowsById(ids: number[]): (EntityRow & { id: number })[];
  /** Sentences naming every (or any) entity with an id >= `oldest`, the first `n` in the knowledge base's order. */
  fill(entities: EntityTerms[], every: boolean, oldest: number, n: number): EntityRow[];
}

/**
 * An entity's names as the lane looks for them (undefined when it has none), built once per names list: the
 * engine keeps one list per entity (Search.namesOf), so a question costs no string building here.
 */
const termsOfNames = new WeakMap<string[][], EntityTerms | null>();
function entityTerms(all: string[][]): EntityTerms | undefined {
  let terms = termsOfNames.get(all);
  if (terms === undefined) {
    const names = all.filter((n) => n.length);
    terms = names.length
      ? {
          match: `(${names.map(phrase).join(' OR ')})`,
          phrases: names.map((n) => ftsTokens(n.join(' '))).filter((t) => t.length),
          words: names.map((n) => n.join(' ')),
        }
      : null;
    termsOfNames.set(all, terms);
  }
  return terms ?? undefined;
}

function anyOf(entities: EntityTerms[]): string {
  return `words : (${entities.map((e) => e.match).join(' OR ')})`;
}

/**
 * The entity lane, the same over either access: the latest ENTITY_WINDOW sentences naming any of the entities,
 * ranked by the weight of the question terms they hold, then by how many of the entities they name, then in the
 * knowledge base's order. The window is read once (ids and stems) and weighed here, so a question costs the same
 * however many terms it has; only the heaviest are read in full. Then — only if fewer than `limit` hold a
 * question term — the best of the rest: those naming every entity first, then any, each in the knowledge base's
 * order (exact for one or two entities, which is what questions name).
 */
export function rankEntities(
  query: RetrievalQuery,
  limit: number,
  size: number,
  access: EntityAccess,
): RetrievedSentence[] {
  const entities: EntityTerms[] = [];
  for (const e of query.entities) {
    const terms = entityTerms(e.names);
    if (terms) entities.push(terms);
  }
  if (!entities.length) return [];
  const named = (row: EntityRow) => {
    let n = 0;
    for (const e of entities) if (e.words.some((w) => containsToken(row.words, w))) n++;
    return n;
  };
  const window = access.window(entities, size);
  // The fill below stays inside the window too: from its oldest sentence (all of them when it is not full).
  const oldest = window.length < size ? 0 : (window[window.length - 1]?.id ?? 0);
  const scored: { row: EntityRow; score: number; order: number }[] = [];
  if (query.weights.length) {
    // Each sentence's summed weight of the question terms (or a synonym of each) among its stems.
    const weightOf = new Map<number, number>();
    for (const { id, stems } of window) {
      const w = termWeightIn(query.weights, (x) => containsToken(stems, x));
      if (w > 0) weightOf.set(id, w);
    }
    // Read only the sentences that can be among the best `limit`: as heavy as the limit-th, less what naming
    // more entities can add.
    const heaviest = [...weightOf.values()].sort((a, b) => b - a);
    const floor = (heaviest[Math.min(limit, heaviest.length) - 1] ?? 0) - ENTITY_TIE_BONUS * entities.length;
    const ids = [...weightOf].flatMap(([id, w]) => (w >= floor ? [id] : []));
    if (ids.length) {
      access.rowsById(ids).forEach((row, order) => {
        scored.push({ row, score: (weightOf.get(row.id) ?? 0) + ENTITY_TIE_BONUS * named(row), order });
      });
    }
    scored.sort((a, b) => b.score - a.score || a.order - b.order);
  }
  const out = scored.slice(0, limit).map(({ row, score }) => hitOf(row, score));
  const seen = new Set(out.map((h) => `${h.article}\u0000${h.sentence}`));
  const fill = (every: boolean) => {
    for (const row of access.fill(entities, every, oldest, limit + seen.size)) {
      if (out.length >= limit) return;
      const key = `${row.article}\u0000${row.sentence}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(hitOf(row, ENTITY_TIE_BONUS * named(row)));
    }
  };
  if (out.length < limit && entities.length > 1) fill(true);
  if (out.length < limit) fill(false);
  return out;
}

/**
 * FTS5's tokens of a string, as this index's tokenizer makes them (migration 008: unicode61, no diacritics
 * folded, letters, numbers, marks, symbols and private-use characters are token characters, anything else
 * separates; case folded).
 */
export function ftsTokens(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}\p{M}\p{S}]+/u)
    .filter((t) => t.length);
}

function hitOf(row: EntityRow, score: number): RetrievedSentence {
  return { article: row.article, sentence: row.sentence, score, lane: 'entities' };
}
/**
 * The store's retriever: FTS5 on SQLite (synchronous), tsvector/GIN on PostgreSQL (asynchronous, pgRetriever.ts);
 * undefined for a SQLite store whose connection is closed.
 */
export function storeRetriever(db: Db): FtsRetriever | PgRetriever | undefined {
  if (dialectOf(db) === 'postgres') return new PgRetriever(db);
  const sqlite = sqliteHandleOf(db);
  return sqlite ? new FtsRetriever(sqlite) : undefined;
}
