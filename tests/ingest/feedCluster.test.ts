/**
 * Feed polling with several instances on one PostgreSQL: each instance is its own connection pool and
 * FeedPoller, polling at the same moment; every due feed is fetched by exactly one of them per interval.
 * The feeds are served by an injected fetch (no network); the clock is injected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/ingest/feeds.js';
import { createLogger } from '../../src/log.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { usePostgres } from '../support/postgres.js';

const freshPostgres = usePostgres();
const POLL_MINUTES = 15;
const FEEDS = 6;
const INSTANCES = 3;
const EMPTY_RSS =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://feeds.test/</link><description>d</description></channel></rss>';

const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

describe('feed polling across instances (PostgreSQL)', () => {
  it('each due feed is polled by one instance per interval', async () => {
    const url = await freshPostgres();
    let now = new Date('2026-01-05T08:00:00.000Z');
    const fetched: string[] = [];
    const fakeFetch = (async (input: string | URL | Request) => {
      fetched.push(String(input));
      return new Response(EMPTY_RSS, { status: 200, headers: { 'content-type': 'application/rss+xml' } });
    }) as typeof fetch;
    const pollers: FeedPoller[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const db = await openDatabase(url);
      open.push(db);
      pollers.push(
        new FeedPoller({
          db,
          log: createLogger('silent'),
          pollMinutes: POLL_MINUTES,
          timeoutMs: 5000,
          now: () => now,
          fetch: fakeFetch,
        }),
      );
    }
    const setup = open[0] as Db;
    for (let i = 0; i < FEEDS; i++) {
      await setup
        .insertInto('feeds')
        .values({
          url: `http://feeds.test/${i}.rss`,
          status: 'ok',
          consecutive_failures: 0,
          next_poll_at: now.toISOString(),
          seeded: 1,
          added_at: now.toISOString(),
        })
        .execute();
    }
    for (let round = 0; round < 3; round++) {
      fetched.length = 0;
      const results = (await Promise.all(pollers.map((p) => p.pollDue()))).flat();
      expect(results).toHaveLength(FEEDS);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(fetched.sort()).toEqual(Array.from({ length: FEEDS }, (_, i) => `http://feeds.test/${i}.rss`).sort());
      // Nothing is due again within the interval.
      expect((await Promise.all(pollers.map((p) => p.pollDue()))).flat()).toHaveLength(0);
      now = new Date(now.getTime() + POLL_MINUTES * 60_000);
    }
  });
});
