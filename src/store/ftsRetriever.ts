/**
 * The Retriever stage (src/core/answer/retriever.ts) over the store's own index: SQLite FTS5 on kb_sentences
 * (migration 008). Terms: BM25 over each sentence's stems. Entities: their names as phrases over each sentence's
 * words, ranked by the question terms the sentence holds. Synchronous reads on the store's connection
 * (better-sqlite3), so answering stays synchronous; nothing of the index is held in the process.
 */
import type Database from 'better-sqlite3';
import {
  ENTITY_TIE_BONUS,
  type RetrievalQuery,
  type RetrievedSentence,
  type Retriever,
  termWeightIn,
} from '../core/answer/retriever.js';
import { type Db, sqliteHandleOf } from './db.js';

/**
 * At most this many sentences naming the asked entities are ranked per question. The engine only asks by
 * entities named in under 2% of sentences, so this bounds the work on a KB of a few million sentences without
 * changing what a smaller one finds.
 */
const ENTITY_CANDIDATES_MAX = 50_000;

/** An FTS5 string: the tokens as one phrase, quotes doubled. */
function phrase(tokens: string[]): string {
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

interface EntityRow {
  article: string;
  sentence: number;
  words: string;
  stems: string;
}

export class FtsRetriever implements Retriever {
  private readonly byTerms: Database.Statement<[string, number], { article: string; sentence: number; score: number }>;
  private readonly byEntities: Database.Statement<[string, number], EntityRow>;

  constructor(sqlite: Database.Database) {
    // bm25() weights per column (words, stems): terms are ranked by the stems column alone. bm25() is lower for
    // better matches, so the score reported is its negation.
    this.byTerms = sqlite.prepare(`
      select s.article_id as article, s.sentence as sentence, -bm25(kb_sentence_fts, 0.0, 1.0) as score
      from kb_sentence_fts join kb_sentences s on s.id = kb_sentence_fts.rowid
      where kb_sentence_fts match ? order by bm25(kb_sentence_fts, 0.0, 1.0) limit ?`);
    // In the knowledge base's order (published, article id, sentence), the order the in-memory lane breaks ties in.
    this.byEntities = sqlite.prepare(`
      select s.article_id as article, s.sentence as sentence, s.words as words, s.stems as stems
      from kb_sentence_fts join kb_sentences s on s.id = kb_sentence_fts.rowid
      join articles a on a.id = s.article_id
      where kb_sentence_fts match ? order by a.published, a.id, s.sentence limit ?`);
  }

  retrieve(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    const out = new Map<string, RetrievedSentence>();
    const add = (hit: RetrievedSentence) => {
      const key = `${hit.article}\u0000${hit.sentence}`;
      if (!out.has(key)) out.set(key, hit);
    };
    if (query.terms.length) {
      const match = `stems : (${query.terms.map((t) => phrase([t])).join(' OR ')})`;
      for (const r of this.byTerms.all(match, limit)) add({ ...r, lane: 'terms' });
    }
    const names = query.entities.map((e) => ({ id: e.id, names: e.names.filter((n) => n.length) }));
    const phrases = names.flatMap((e) => e.names.map(phrase));
    if (phrases.length) {
      const scored: { row: EntityRow; score: number; order: number }[] = [];
      this.byEntities.all(`words : (${phrases.join(' OR ')})`, ENTITY_CANDIDATES_MAX).forEach((row, order) => {
        const stems = new Set(row.stems.split(' '));
        let score = termWeightIn(query.weights, (x) => stems.has(x));
        const padded = ` ${row.words} `;
        for (const e of names) if (e.names.some((n) => padded.includes(` ${n.join(' ')} `))) score += ENTITY_TIE_BONUS;
        scored.push({ row, score, order });
      });
      scored.sort((a, b) => b.score - a.score || a.order - b.order);
      for (const { row, score } of scored.slice(0, limit))
        add({ article: row.article, sentence: row.sentence, score, lane: 'entities' });
    }
    return [...out.values()];
  }
}

/** The store's retriever, or undefined when the store has no FTS5 index (PostgreSQL until issue #13). */
export function storeRetriever(db: Db): FtsRetriever | undefined {
  const sqlite = sqliteHandleOf(db);
  return sqlite ? new FtsRetriever(sqlite) : undefined;
}
