/**
 * Knowledge-base retention (WHIP_KB_RETENTION_DAYS, `whip kb prune --before DATE`): ingested articles published
 * before a day leave the store with their analyses and retrieval-index rows, each in its own transaction (one
 * counted change each, so running instances reload). Bundled kb/ articles are never pruned (kb/ is their source;
 * they would come back at the next start). Digests, feeds' seen items and the question log are not touched.
 *
 * Thread state (WHIP_THREAD_DAYS) and the digest delivery ledger (WHIP_DIGEST_LEDGER_DAYS) are pruned here too:
 * both grow without bound with traffic (one row per thread answered in, one per digest posted).
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

/**
 * Rows deleted per statement when pruning threads and the digest ledger: each batch is its own short statement,
 * so a first prune of a large backlog (a year of ledger at 50,000 servers is ~18 M rows) never holds locks or
 * builds one huge transaction, while a day's worth (tens of thousands) still takes only a few statements.
 */
export const PRUNE_BATCH = 5_000;

/**
 * Forget the threads Whip answered in whose last answer is older than `before` (WHIP_THREAD_DAYS): a plain
 * follow-up there (no mention) is then no longer recognised as Whip's — mentioning Whip still works. Returns how
 * many went.
 */
export async function pruneThreads(db: Db, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  // Oldest first, PRUNE_BATCH at a time: each statement deletes up to the batch's newest update time (threads
  // have no single-column key to batch by; the updated_at index makes both statements range reads).
  return inBatches(async () => {
    const edge = await db
      .selectFrom('threads')
      .select('updated_at')
      .where('updated_at', '<', cutoff)
      .orderBy('updated_at')
      .offset(PRUNE_BATCH - 1)
      .limit(1)
      .executeTakeFirst();
    const r = await db
      .deleteFrom('threads')
      .where('updated_at', edge ? '<=' : '<', edge?.updated_at ?? cutoff)
      .executeTakeFirst();
    // A batch cut at an edge (a full batch, or more when rows share the edge's time) may leave more behind.
    return { deleted: Number(r.numDeletedRows), more: Boolean(edge) };
  });
}

/**
 * Remove digest ledger rows finished (sent, failed or skipped) before `before` (WHIP_DIGEST_LEDGER_DAYS). Safe for
 * exactly-once: a slot is claimed only at or after its subscription's next run, which the claim moved past that
 * slot for good, so a finished slot is never claimed again whether or not its row remains; pending rows (claims in
 * flight, leases) are never touched. Returns how many went.
 */
export async function pruneDigestLedger(db: Db, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  return inBatches(async () => {
    const r = await db
      .deleteFrom('digest_deliveries')
      .where(
        'id',
        'in',
        db
          .selectFrom('digest_deliveries')
          .select('id')
          .where('state', '!=', 'pending')
          .where('finished_at', 'is not', null)
          .where('finished_at', '<', cutoff)
          .limit(PRUNE_BATCH),
      )
      .executeTakeFirst();
    const deleted = Number(r.numDeletedRows);
    return { deleted, more: deleted >= PRUNE_BATCH };
  });
}

/** Run `batch` until it says nothing more is left; the total deleted. */
async function inBatches(batch: () => Promise<{ deleted: number; more: boolean }>): Promise<number> {
  let total = 0;
  for (;;) {
    const { deleted, more } = await batch();
    total += deleted;
    if (!more) return total;
  }
}
