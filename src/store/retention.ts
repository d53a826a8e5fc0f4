/**
 * Knowledge-base retention (WHIP_KB_RETENTION_DAYS, `whip kb prune --before DATE`): ingested articles published
 * before a day leave the store with their analyses and retrieval-index rows, each in its own transaction (one
 * counted change each, so running instances reload). Bundled kb/ articles are never pruned (kb/ is their source;
 * they would come back at the next start). Digests, feeds' seen items and the question log are not touched.
 */
import { ArticleStore } from './articles.js';
import type { Db } from './db.js';

/**
 * The last day a stored date (YYYY, YYYY-MM or YYYY-MM-DD) may stand for: an article dated only "2024-03" is not
 * older than 2024-03-15, only older than 2024-04-01. Day 31 for every month is enough for comparing strings.
 */
export function lastDayOf(published: string): string {
  if (/^\d{4}$/.test(published)) return `${published}-12-31`;
  if (/^\d{4}-\d{2}$/.test(published)) return `${published}-31`;
  return published;
}

/** The ids of the ingested articles published entirely before `day` (YYYY-MM-DD), oldest first. */
export async function articlesBefore(db: Db, day: string): Promise<string[]> {
  // Partial dates sort before the full dates they prefix, so `published < day` finds every candidate.
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'published'])
    .where('origin', '=', 'ingested')
    .where('published', '<', day)
    .orderBy('published')
    .orderBy('id')
    .execute();
  return rows.filter((r) => lastDayOf(r.published) < day).map((r) => r.id);
}

/** Remove the ingested articles published before `day`; returns how many went. */
export async function pruneArticles(db: Db, day: string): Promise<number> {
  const store = new ArticleStore(db);
  const ids = await articlesBefore(db, day);
  for (const id of ids) await store.remove(id);
  return ids.length;
}

/** The first day kept by a retention of `days` days at `now` (YYYY-MM-DD, UTC). */
export function retentionCutoff(days: number, now: Date): string {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
