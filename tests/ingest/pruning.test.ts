/**
 * Pruning what grows with traffic (issue #13): Slack/Discord thread state idle for WHIP_THREAD_DAYS and digest
 * ledger rows finished WHIP_DIGEST_LEDGER_DAYS ago — on SQLite and on the real test PostgreSQL, in batches, never a
 * pending (in-flight) delivery — and the running bot's retention job applying both.
 */
import { describe, expect, it } from 'vitest';
import { DigestStore } from '../../src/digest/store.js';
import { startRetention } from '../../src/ingest/jobs.js';
import type { Db } from '../../src/store/db.js';
import { PRUNE_BATCH, pruneDigestLedger, pruneThreads } from '../../src/store/retention.js';
import { ThreadStore } from '../../src/store/threads.js';
import { stubServices } from '../fakes/stubServices.js';
import { storeBackends } from '../support/backends.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const backends = storeBackends();
/** Rows per insert statement when seeding many threads (well inside SQLite's bound-parameter limit). */
const SEED_CHUNK = 500;

const daysAgo = (d: number) => new Date(NOW - d * DAY);

async function threadIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('threads').select('thread_id').orderBy('thread_id').execute();
  return rows.map((r) => r.thread_id);
}

/** A subscription and one ledger row per (state, age in days). */
async function seedLedger(db: Db, rows: [string, 'pending' | 'sent' | 'failed' | 'skipped', number][]) {
  const store = new DigestStore(db);
  const { subscription } = await store.subscribe(
    {
      platform: 'discord',
      workspaceId: 'G1',
      channelId: 'C1',
      schedule: 'daily 08:00',
      cron: '0 8 * * *',
      timezone: 'UTC',
      whenEmpty: 'note',
      createdBy: 'U1',
      nextRunAt: new Date(NOW + DAY).toISOString(),
    },
    NOW - 400 * DAY,
  );
  for (const [slot, state, age] of rows) {
    expect(await store.insertDelivery(subscription.id, slot, state, NOW - age * DAY)).toBe(true);
  }
  return { store, id: subscription.id };
}

describe.each(backends)('pruning on $name', (backend) => {
  it('forgets threads idle for longer than the retention, oldest first in batches, and keeps the rest', async () => {
    const db = await backend.open();
    try {
      const at = (d: number) => new ThreadStore(db, () => daysAgo(d));
      await at(45).remember({ platform: 'slack', channelId: 'C1', threadId: 'old-45' }, 'q');
      await at(31).remember({ platform: 'discord', channelId: 'C2', threadId: 'old-31' }, 'q');
      await at(29).remember({ platform: 'slack', channelId: 'C1', threadId: 'recent-29' }, 'q');
      // Answered in again recently: its last answer counts, not its first.
      await at(60).remember({ platform: 'slack', channelId: 'C3', threadId: 'revived' }, 'q');
      await at(1).remember({ platform: 'slack', channelId: 'C3', threadId: 'revived' }, 'q2');
      // More old threads than one batch, several sharing one time (the batch edge), so batching must loop.
      const many = Array.from({ length: PRUNE_BATCH + 7 }, (_, i) => ({
        platform: 'slack',
        channel_id: 'CBULK',
        thread_id: `bulk-${String(i).padStart(5, '0')}`,
        last_question: 'q',
        updated_at: daysAgo(100 - Math.floor(i / 10) / 1000).toISOString(),
      }));
      for (let i = 0; i < many.length; i += SEED_CHUNK) {
        await db
          .insertInto('threads')
          .values(many.slice(i, i + SEED_CHUNK))
          .execute();
      }
      expect(await pruneThreads(db, daysAgo(30))).toBe(PRUNE_BATCH + 7 + 2);
      expect(await threadIds(db)).toEqual(['recent-29', 'revived']);
      expect(await new ThreadStore(db).lastQuestion({ platform: 'slack', channelId: 'C3', threadId: 'revived' })).toBe(
        'q2',
      );
      // Nothing left to prune: a no-op.
      expect(await pruneThreads(db, daysAgo(30))).toBe(0);
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it('removes ledger rows finished before the retention, never a pending one, and the next slot is still claimed once', async () => {
    const db = await backend.open();
    try {
      const { store, id } = await seedLedger(db, [
        ['2026-01-01T08:00:00.000Z', 'sent', 150],
        ['2026-03-01T08:00:00.000Z', 'failed', 90],
        ['2026-04-01T08:00:00.000Z', 'skipped', 61],
        // Claimed long ago and never finished (its owner died mid-post): the lease logic owns it, not retention.
        ['2026-04-02T08:00:00.000Z', 'pending', 60],
        ['2026-05-20T08:00:00.000Z', 'sent', 12],
      ]);
      expect(await pruneDigestLedger(db, daysAgo(30))).toBe(3);
      const left = (await store.allDeliveries()).map((r) => [r.slot, r.state]);
      expect(left).toEqual([
        ['2026-04-02T08:00:00.000Z', 'pending'],
        ['2026-05-20T08:00:00.000Z', 'sent'],
      ]);
      expect(await pruneDigestLedger(db, daysAgo(30))).toBe(0);
      // Claims are inserts unique per (subscription, slot): the kept rows still refuse a second claim, and the
      // subscription's next slot is claimed once.
      expect(await store.insertDelivery(id, '2026-05-20T08:00:00.000Z', 'pending', NOW)).toBe(false);
      expect(await store.insertDelivery(id, '2026-06-02T08:00:00.000Z', 'pending', NOW)).toBe(true);
      expect(await store.insertDelivery(id, '2026-06-02T08:00:00.000Z', 'pending', NOW)).toBe(false);
    } finally {
      await db.destroy();
    }
  });
});

describe('the running bot’s retention job', () => {
  it('applies WHIP_THREAD_DAYS and WHIP_DIGEST_LEDGER_DAYS; 0 keeps everything', async () => {
    for (const [days, threadsLeft, ledgerLeft] of [
      ['7', ['recent'], 1],
      ['0', ['old', 'recent'], 2],
    ] as const) {
      const { services, cleanup } = await stubServices({ WHIP_THREAD_DAYS: days, WHIP_DIGEST_LEDGER_DAYS: days });
      try {
        await new ThreadStore(services.db, () => daysAgo(10)).remember(
          { platform: 'slack', channelId: 'C', threadId: 'old' },
          'q',
        );
        await new ThreadStore(services.db, () => daysAgo(1)).remember(
          { platform: 'slack', channelId: 'C', threadId: 'recent' },
          'q',
        );
        await seedLedger(services.db, [
          ['2026-05-20T08:00:00.000Z', 'sent', 10],
          ['2026-05-31T08:00:00.000Z', 'sent', 1],
        ]);
        const job = startRetention(services, () => new Date(NOW));
        await job.stop();
        expect(await threadIds(services.db), `days=${days}`).toEqual(threadsLeft);
        expect(await new DigestStore(services.db).allDeliveries(), `days=${days}`).toHaveLength(ledgerLeft);
      } finally {
        await cleanup();
      }
    }
  });
});
