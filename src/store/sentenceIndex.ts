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
  await addToTerms(db, rows, 1);
}

export async function unindexArticle(db: Db, articleId: string): Promise<void> {
  const gone = await db
    .selectFrom('kb_sentences')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('length').as('total')])
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  if (!Number(gone?.n)) return;
  const rows = await db
    .selectFrom('kb_sentences')
    .select(['words', 'stems'])
    .where('article_id', '=', articleId)
    .execute();
  await addToTerms(db, rows, -1);
  await db.deleteFrom('kb_sentences').where('article_id', '=', articleId).execute();
  await addToTotals(db, -Number(gone?.n), -Number(gone?.total ?? 0));
}

/** Rows per statement when counting terms: three parameters a row. */
const TERM_BATCH = 300;

/**
 * Count the sentences' words and stems into kb_terms (migration 011): `sign` 1 when they are indexed, -1 when
 * they leave the index (terms no sentence holds any more are deleted).
 */
async function addToTerms(db: Db, rows: { words: string; stems: string }[], sign: 1 | -1): Promise<void> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const w of new Set(r.words.split(' '))) if (w) counts.set(`w ${w}`, (counts.get(`w ${w}`) ?? 0) + 1);
    for (const t of new Set(r.stems.split(' '))) if (t) counts.set(`s ${t}`, (counts.get(`s ${t}`) ?? 0) + 1);
  }
  const entries = [...counts];
  for (let i = 0; i < entries.length; i += TERM_BATCH) {
    const batch = entries.slice(i, i + TERM_BATCH);
    const values = batch.map(([k, n]) => sql`(${k.slice(2)}, ${k[0]}, ${sign * n})`);
    await sql`insert into kb_terms (term, kind, df) values ${sql.join(values)}
      on conflict (term, kind) do update set df = kb_terms.df + excluded.df`.execute(db);
    if (sign < 0) {
      const keys = batch.map(([k]) => sql`(${k.slice(2)}, ${k[0]})`);
      await sql`delete from kb_terms where df <= 0 and (term, kind) in (values ${sql.join(keys)})`.execute(db);
    }
  }
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
