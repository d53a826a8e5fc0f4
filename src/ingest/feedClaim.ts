/**
 * Several instances, one feed list: each due feed is polled by one instance per interval. Before polling, an
 * instance claims the feed with a compare-and-set on the next_poll_at it read, moving it one poll interval on;
 * of instances that read the same due row only one update matches, and the others skip the feed. The poll
 * itself then sets the real next time (success, or failure backoff). If the claiming instance dies mid-poll,
 * the moved next_poll_at is the lease: the feed is due again one interval later, for any instance — what its
 * next poll would have been anyway. On SQLite (one process) the claim always succeeds: one cheap UPDATE.
 */
import type { Db } from '../store/db.js';

export async function claimFeedPoll(
  db: Db,
  feed: { id: number; next_poll_at: string },
  leaseUntil: string,
): Promise<boolean> {
  const r = await db
    .updateTable('feeds')
    .set({ next_poll_at: leaseUntil })
    .where('id', '=', feed.id)
    .where('next_poll_at', '=', feed.next_poll_at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
