/**
 * WHIP_DIGEST_INSTANCES: a platform's rate limit is per bot, so N instances each pace digests at 1/N of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import type { ChannelPoster } from '../../src/core/delivery.js';
import { infoReply } from '../../src/core/reply.js';
import { DEFAULT_PACING } from '../../src/digest/limiter.js';
import { sharedPacing, sharedQueueBound } from '../../src/digest/runtime.js';
import { DigestScheduler } from '../../src/digest/scheduler.js';
import { DigestStore } from '../../src/digest/store.js';
import { type Db, openDatabase } from '../../src/store/db.js';

describe('digest pacing shared between instances', () => {
  it('one instance keeps the default pacing; three each take a third of the rate', () => {
    expect(sharedPacing(1)).toBeUndefined();
    const three = sharedPacing(3);
    expect(three?.discord?.ratePerSec).toBeCloseTo(DEFAULT_PACING.discord.ratePerSec / 3);
    expect(three?.slack?.ratePerSec).toBeCloseTo(DEFAULT_PACING.slack.ratePerSec / 3);
    // Together never more in flight than one instance alone would have, and each at least one.
    expect((three?.discord?.concurrency ?? 0) * 3).toBeGreaterThanOrEqual(DEFAULT_PACING.discord.concurrency);
    expect(sharedPacing(100)?.slack?.concurrency).toBe(1);
    expect(three?.discord?.channelIntervalMs).toBe(DEFAULT_PACING.discord.channelIntervalMs);
  });
  it('WHIP_DIGEST_INSTANCES defaults to 1 and must be a whole number from 1', () => {
    expect(parseConfig({}).WHIP_DIGEST_INSTANCES).toBe(1);
    expect(parseConfig({ WHIP_DIGEST_INSTANCES: '3' }).WHIP_DIGEST_INSTANCES).toBe(3);
    expect(() => parseConfig({ WHIP_DIGEST_INSTANCES: '0' })).toThrow(ConfigError);
    expect(() => parseConfig({ WHIP_DIGEST_INSTANCES: 'two' })).toThrow(/WHIP_DIGEST_INSTANCES must be a whole number/);
  });
});

describe('a bounded queue of claimed slots (several instances share a busy minute)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('sizes the bound at two ticks (at least 30 s) of the shared rates', () => {
    expect(sharedQueueBound(undefined, 15_000)).toBeUndefined();
    const three = sharedPacing(3);
    const perSecond = (three?.discord?.ratePerSec ?? 0) + (three?.slack?.ratePerSec ?? 0);
    expect(sharedQueueBound(three, 15_000)).toBe(Math.ceil(perSecond * 30));
    expect(sharedQueueBound(three, 60_000)).toBe(Math.ceil(perSecond * 120));
  });

  it('a tick claims only the room left; the rest stays due for the next tick (or another instance)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whip-queue-'));
    const db: Db = await openDatabase(join(dir, 'whip.sqlite'));
    cleanup.push(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    const now = Date.now();
    const store = new DigestStore(db);
    for (let i = 0; i < 12; i++) {
      await store.subscribe(
        {
          platform: 'discord',
          workspaceId: 'g',
          channelId: `c${i}`,
          schedule: 'daily 08:00',
          cron: '0 8 * * *',
          timezone: 'UTC',
          whenEmpty: 'note',
          createdBy: 'u',
          nextRunAt: new Date(now - 1000).toISOString(),
        },
        now,
      );
    }
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const posted: string[] = [];
    const poster: ChannelPoster = {
      platform: 'discord',
      async post(channelId) {
        await gate;
        posted.push(channelId);
        return { messageId: channelId };
      },
    };
    const scheduler = new DigestScheduler({
      db,
      posters: () => ({ discord: poster }),
      compose: async () => infoReply('Digest', 'new'),
      tickMs: 15_000,
      graceMs: 3_600_000,
      lookbackDays: 7,
      jitterMs: 0,
      maxQueued: 5,
      pacing: { discord: { ratePerSec: 1000, concurrency: 50 } },
    });
    expect((await scheduler.tick()).claimed).toBe(5);
    expect((await scheduler.tick()).claimed).toBe(0);
    open();
    await scheduler.idle();
    expect((await scheduler.tick()).claimed).toBe(5);
    await scheduler.idle();
    expect((await scheduler.runOnce()).claimed).toBe(2);
    expect(new Set(posted).size).toBe(12);
    expect(posted).toHaveLength(12);
  });
});
