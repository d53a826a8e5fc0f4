/**
 * Several instances on one PostgreSQL: each instance is its own connection pool (its own database sessions,
 * exactly what a second process or host would be), its own scheduler and owner id, all posting into one fake
 * channel (and, last, several feed pollers sharing one feed list). Every-minute digests for many channels; instances race every tick; one instance is killed between
 * claim and post, another in the middle of a post, and replaced. Every slot of every channel has a ledger row
 * (none lost), and no slot reaches the channel twice. Virtual time: no real-minute waits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { nextRunAfter } from '../../src/digest/schedule.js';
import { type Composer, DigestScheduler, idempotencyKey } from '../../src/digest/scheduler.js';
import { DigestStore } from '../../src/digest/store.js';
import { FeedPoller } from '../../src/ingest/feeds.js';
import { createLogger } from '../../src/log.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { allowOnly, type Loopback, loopback } from '../ingest/helpers.js';
import { usePostgres } from '../support/postgres.js';
import { FakeClock, FakePoster } from './helpers.js';

const freshPostgres = usePostgres();
const MIN = 60_000;
const START = Date.parse('2026-01-05T08:00:00.000Z');
const CHANNELS = 12;
const MINUTES = 7;
/** Short against the one-minute slots, so a dead instance's claims are recovered at the next tick. */
const LEASE_MS = 30_000;

const compose: Composer = async () => ({ kind: 'info', title: 'Digest', text: 'new things' }) as Reply;

const open: Db[] = [];
const servers: Loopback[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy().catch(() => undefined);
  for (const server of servers.splice(0)) await server.close();
});

async function instance(url: string, clock: FakeClock, poster: FakePoster, owner: string, hooks = {}) {
  const db = await openDatabase(url);
  open.push(db);
  return new DigestScheduler({
    db,
    posters: () => ({ discord: poster }),
    compose,
    clock,
    owner,
    tickMs: MIN,
    graceMs: 60 * MIN,
    lookbackDays: 7,
    leaseMs: LEASE_MS,
    jitterMs: 0,
    // Batches smaller than the due set, so the instances' claim transactions interleave.
    batchSize: 5,
    pacing: { discord: { ratePerSec: 1000, concurrency: 50 } },
    hooks,
  });
}

describe('several instances on one PostgreSQL', () => {
  it('every-minute digests, instances racing, killed and replaced: every slot recorded, none posted twice', async () => {
    const url = await freshPostgres();
    const clock = new FakeClock(START - 30_000);
    const poster = new FakePoster('discord', clock);
    const setup = await openDatabase(url);
    open.push(setup);
    const store = new DigestStore(setup);
    for (let i = 0; i < CHANNELS; i++) {
      await store.subscribe(
        {
          platform: 'discord',
          workspaceId: 'g1',
          channelId: `c${i}`,
          schedule: '* * * * *',
          cron: '* * * * *',
          timezone: 'UTC',
          whenEmpty: 'note',
          createdBy: 'u',
          nextRunAt: nextRunAfter('* * * * *', 'UTC', clock.now())?.toISOString() ?? null,
        },
        clock.now(),
      );
    }
    const never = () => new Promise<void>(() => undefined);
    const killedAfterClaim: number[] = [];
    let a = await instance(url, clock, poster, 'A');
    let b = await instance(url, clock, poster, 'B');
    const c = await instance(url, clock, poster, 'C');
    for (let m = 0; m < MINUTES; m++) {
      clock.set(START + m * MIN + 1000);
      if (m === 2) {
        // A is killed between claim and post: its claims stay pending until their lease runs out. The others
        // start once it holds a claim (it claims a batch, then hangs): on a busy machine they could otherwise take
        // every slot first, and the kill would test nothing.
        let claimed = () => {};
        const holdsClaim = new Promise<void>((resolve) => {
          claimed = resolve;
        });
        const dying = await instance(url, clock, poster, 'A-dying', {
          afterClaim: (d: { deliveryId: number }) => {
            killedAfterClaim.push(d.deliveryId);
            claimed();
            return never();
          },
        });
        void dying.tick();
        await holdsClaim;
        await Promise.all([b.runOnce(), c.runOnce()]);
        a = await instance(url, clock, poster, 'A2'); // its replacement, a fresh process
        continue;
      }
      if (m === 5) {
        // B is killed in the middle of a post (after recording the attempt, before the platform answers); the
        // others start once it is posting, as above.
        let posting = () => {};
        const isPosting = new Promise<void>((resolve) => {
          posting = resolve;
        });
        const dying = await instance(url, clock, poster, 'B-dying', {
          beforePost: () => {
            posting();
            return never();
          },
        });
        void dying.tick();
        await isPosting;
        await Promise.all([a.runOnce(), c.runOnce()]);
        b = await instance(url, clock, poster, 'B2');
        continue;
      }
      await Promise.all([a.runOnce(), b.runOnce(), c.runOnce()]);
    }
    // A last round, still in the last minute, after every lease has run out: all recovery has happened.
    clock.set(START + (MINUTES - 1) * MIN + LEASE_MS + 1000);
    await Promise.all([a.runOnce(), b.runOnce(), c.runOnce()]);

    const rows = await store.allDeliveries();
    // None lost: every channel has a ledger row for every minute (and no other rows).
    const slots = new Set(rows.map((r) => `${r.subscription_id}|${r.slot}`));
    expect(rows).toHaveLength(slots.size);
    const subs = await store.all();
    for (const s of subs)
      for (let m = 0; m < MINUTES; m++)
        expect(slots.has(`${s.id}|${new Date(START + m * MIN).toISOString()}`)).toBe(true);
    // Never twice: each idempotency key reached the channel at most once.
    const keys = poster.posts.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    // Sent rows are exactly the posts; the rest are the mid-post kills, failed as "outcome unknown", not re-posted.
    const sent = rows.filter((r) => r.state === 'sent');
    expect(new Set(sent.map((r) => idempotencyKey(r.subscription_id, r.slot)))).toEqual(new Set(keys));
    const notSent = rows.filter((r) => r.state !== 'sent');
    for (const r of notSent) {
      expect(r.state).toBe('failed');
      expect(r.reason).toMatch(/^interrupted/);
      expect(r.owner).toBe('B-dying');
    }
    // The kills really happened: A-dying's claims were taken over and posted by others, B-dying's closed.
    expect(notSent.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.owner === 'A-dying')).toBe(false);
    expect(killedAfterClaim.length).toBeGreaterThan(0);
    for (const id of killedAfterClaim) expect(sent.some((r) => r.id === id)).toBe(true);
    expect(sent.length + notSent.length).toBe(CHANNELS * MINUTES);
    // Work really was shared between the live instances.
    const owners = new Set(sent.map((r) => r.owner));
    expect(owners.size).toBeGreaterThanOrEqual(2);
  }, 120_000); // Several connection pools and hundreds of round trips: slow on a busy CI machine, not a hang.
});

// Feeds: each due feed is fetched by one instance per interval (an injected fetch: no network).
const POLL_MINUTES = 15;
const FEEDS = 6;
const INSTANCES = 3;
const EMPTY_RSS =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://feeds.test/</link><description>d</description></channel></rss>';

describe('feed polling across instances (PostgreSQL)', () => {
  it('each due feed is polled by one instance per interval', async () => {
    const url = await freshPostgres();
    let now = new Date('2026-01-05T08:00:00.000Z');
    // A real loopback feed server (the poller fetches through the SSRF policy, allowed for this server only).
    const server = await loopback();
    servers.push(server);
    for (let i = 0; i < FEEDS; i++) {
      server.routes.set(`/${i}.rss`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(EMPTY_RSS);
      });
    }
    const fetched = () => server.requests.map((r) => `${server.base}${r.path}`);
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
          policy: allowOnly([server]),
        }),
      );
    }
    const setup = open[0] as Db;
    for (let i = 0; i < FEEDS; i++) {
      await setup
        .insertInto('feeds')
        .values({
          url: `${server.base}/${i}.rss`,
          status: 'ok',
          consecutive_failures: 0,
          next_poll_at: now.toISOString(),
          seeded: 1,
          added_at: now.toISOString(),
        })
        .execute();
    }
    for (let round = 0; round < 3; round++) {
      server.requests.length = 0;
      const results = (await Promise.all(pollers.map((p) => p.pollDue()))).flat();
      expect(results).toHaveLength(FEEDS);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(fetched().sort()).toEqual(Array.from({ length: FEEDS }, (_, i) => `${server.base}/${i}.rss`).sort());
      // Nothing is due again within the interval.
      expect((await Promise.all(pollers.map((p) => p.pollDue()))).flat()).toHaveLength(0);
      now = new Date(now.getTime() + POLL_MINUTES * 60_000);
    }
  });
});
