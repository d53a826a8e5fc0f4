/**
 * The terms lane's ranking, shared by the store's retrievers (SQLite FTS5, PostgreSQL tsvector/GIN): the index
 * only finds the sentences holding a term; their order is computed here from each sentence's stems and the
 * index's totals in kb_version, so every backend ranks exactly as the in-memory MiniSearch index does
 * (MiniSearch's BM25+ for an OR query) and the same question gets the same candidates on either database.
 */
import type { RetrievedSentence } from '../core/answer/retriever.js';

/** MiniSearch's BM25+ parameters (its defaults): the store ranks sentences exactly as the in-memory index did. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** A sentence holding at least one of the terms, with what BM25 needs and the knowledge base's order. */
export interface TermRow {
  article: string;
  sentence: number;
  /** Its content stems, space-separated (kb_sentences.stems). */
  stems: string;
  /** The stems split on spaces, when the caller holds them already (the rows in the heap). */
  stemList?: readonly string[];
  /** Distinct words (kb_sentences.length). */
  length: number;
  published: string;
}

/** kb_version's totals: how many sentences the index holds and their summed lengths. */
export interface IndexTotals {
  sentences: number;
  length_total: number;
}

/**
 * The sentences scored as MiniSearch scores an OR query: BM25+ per term (document frequency among the matches,
 * length = distinct words, average length from the index's totals), summed, times the number of terms matched;
 * ties in the knowledge base's order (published, article id, sentence). The best `limit`.
 */
export function rankByBm25(
  rows: TermRow[],
  terms: string[],
  totals: IndexTotals | undefined,
  limit: number,
): RetrievedSentence[] {
  const n = Math.max(1, Number(totals?.sentences ?? rows.length));
  const avgLength = Number(totals?.length_total ?? 0) / n || 1;
  const wanted = new Set(terms);
  const tfs = rows.map((r) => {
    const tf = new Map<string, number>();
    for (const t of r.stemList ?? r.stems.split(' ')) if (wanted.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const scored = rows.map((r, i) => {
    const tf = tfs[i] as Map<string, number>;
    let score = 0;
    for (const [t, f] of tf) {
      const m = df.get(t) ?? 1;
      const idf = Math.log(1 + (n - m + 0.5) / (m + 0.5));
      score += idf * (BM25.d + (f * (BM25.k + 1)) / (f + BM25.k * (1 - BM25.b + (BM25.b * r.length) / avgLength)));
    }
    return { r, score: score * tf.size };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      cmp(a.r.published, b.r.published) ||
      cmp(a.r.article, b.r.article) ||
      a.r.sentence - b.r.sentence,
  );
  return scored
    .slice(0, limit)
    .map(({ r, score }) => ({ article: r.article, sentence: r.sentence, score, lane: 'terms' as const }));
}

/** Byte-wise string order: SQLite's BINARY collation, and PostgreSQL's with the C collation Whip requires. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
