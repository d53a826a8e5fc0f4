/**
 * Writing the knowledge base's retrieval index (migration 008): an article's analysed sentences as rows of
 * kb_sentences (its words and content stems, tokenised exactly as the in-memory index tokenises them), and the
 * change counter kb_version. Callers run these inside the transaction that changes the article or its analysis,
 * so the index never disagrees with the articles it was built from.
 */
import { sql } from 'kysely';
import { processTerm, words } from '../core/nlp/terms.js';
import type { Db } from './db.js';

/** Rows per insert: well under SQLite's bound-parameter limit at four columns a row. */
const INSERT_BATCH = 500;

export interface IndexedSentence {
  sentence: number;
  words: string;
  stems: string;
  /** Distinct words (stop words included): BM25 length. */
  length: number;
}

/**
 * An analysed article's sentences as index rows: words() tokens and their processTerm() stems, space-separated.
 * An analysis without sentences indexes nothing.
 */
export function sentenceRows(analysis: { sentences?: { i: number; text: string }[] }): IndexedSentence[] {
  return (analysis.sentences ?? []).map((s) => {
    const tokens = words(s.text);
    const stems: string[] = [];
    for (const w of tokens) {
      const t = processTerm(w);
      if (t) stems.push(t);
    }
    // BM25's length of a sentence as MiniSearch counts it: its distinct tokens, stop words included.
    return { sentence: s.i, words: tokens.join(' '), stems: stems.join(' '), length: new Set(tokens).size };
  });
}

/** Replace an article's index rows with those of its (new) analysis. */
export async function indexArticle(db: Db, articleId: string, rows: IndexedSentence[]): Promise<void> {
  await unindexArticle(db, articleId);
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto('kb_sentences')
      .values(rows.slice(i, i + INSERT_BATCH).map((r) => ({ article_id: articleId, ...r })))
      .execute();
  }
  await addToTotals(
    db,
    rows.length,
    rows.reduce((n, r) => n + r.length, 0),
  );
}

export async function unindexArticle(db: Db, articleId: string): Promise<void> {
  const gone = await db
    .selectFrom('kb_sentences')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('length').as('total')])
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  if (!Number(gone?.n)) return;
  await db.deleteFrom('kb_sentences').where('article_id', '=', articleId).execute();
  await addToTotals(db, -Number(gone?.n), -Number(gone?.total ?? 0));
}

async function addToTotals(db: Db, sentences: number, lengths: number): Promise<void> {
  if (!sentences) return;
  await db
    .updateTable('kb_version')
    .set({ sentences: sql`sentences + ${sentences}`, length_total: sql`length_total + ${lengths}` })
    .where('id', '=', 1)
    .execute();
}

/** Ids of the articles the index holds (to index what a store made before migration 008 lacks). */
export async function indexedArticles(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('kb_sentences').select('article_id').distinct().execute();
  return new Set(rows.map((r) => r.article_id));
}

/** Count a change to the knowledge base (inside the changing transaction). */
export async function bumpKbVersion(db: Db): Promise<void> {
  await db.updateTable('kb_version').set({ version: sql`version + 1` }).where('id', '=', 1).execute();
}

/** The knowledge base's change counter: one primary-key read, cheap enough to poll every few seconds. */
export async function kbVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('kb_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}
