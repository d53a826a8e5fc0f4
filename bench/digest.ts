/**
 * Digest fan-out: N subscriptions (default 5,000) due at the same moment, delivered by the real scheduler (real
 * clock, the production pacing and jitter, the real ledger on a temp SQLite file, real composition) through a
 * fake poster that enforces a platform limit (default 50 requests per sliding second) by answering a temporary
 * DeliveryError with retryAfterMs when exceeded, like a 429. Figures: posts/s achieved as a fraction of the limit,
 * 429s provoked, duplicates and losses (checked on both the fake channel log and the ledger).
 * Run alone with `node dist/bench/digest.js`; WHIP_BENCH_DIGEST_COUNT / WHIP_BENCH_DIGEST_LIMIT scale it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type ChannelPoster, DeliveryError } from '../src/core/delivery.js';
import { collectDigest, renderDigest } from '../src/digest/compose.js';
import { DEFAULT_PACING } from '../src/digest/limiter.js';
import { DigestScheduler } from '../src/digest/scheduler.js';
import { ArticleStore } from '../src/store/articles.js';
import { type Db, openDatabase, storeFile } from '../src/store/db.js';
import { type Figure, printFigures } from './lib.js';

/**
 * A platform that accepts at most `limit` posts in any sliding second and 429s the rest. One instance shared by
 * several schedulers is a bot-wide limit (Discord's global one): bench/cluster.ts.
 */
export class LimitedPlatform implements ChannelPoster {
  readonly platform = 'discord' as const;
  readonly accepted: number[] = [];
  readonly perChannel = new Map<string, number>();
  limited = 0;
  private window: number[] = [];

  constructor(private readonly limit: number) {}

  async post(channelId: string): Promise<{ messageId: string }> {
    const now = performance.now();
    while (this.window.length && (this.window[0] as number) <= now - 1000) this.window.shift();
    if (this.window.length >= this.limit) {
      this.limited++;
      throw new DeliveryError('rate_limited', false, Math.ceil((this.window[0] as number) + 1000 - now));
    }
    this.window.push(now);
    this.accepted.push(now);
    this.perChannel.set(channelId, (this.perChannel.get(channelId) ?? 0) + 1);
    return { messageId: `m${this.accepted.length}` };
  }
}

/** `count` daily Discord subscriptions, all due a second before `now`, over 50 guilds. */
export async function insertDueSubscriptions(db: Db, count: number, now: number, whenEmpty: 'skip' | 'note') {
  const at = new Date(now).toISOString();
  const due = new Date(now - 1000).toISOString();
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
      platform: 'discord',
      workspace_id: `g${(i + j) % 50}`,
      channel_id: String(100000000000000000n + BigInt(i + j)),
      schedule: 'daily 08:00',
      cron: '0 8 * * *',
      timezone: 'Europe/London',
      when_empty: whenEmpty,
      status: 'active',
      disabled_reason: null,
      next_run_at: due,
      last_digest_at: null,
      created_by: 'bench',
      created_at: at,
      updated_at: at,
    }));
    await db.insertInto('digest_subscriptions').values(rows).execute();
  }
}

export async function benchDigest(
  count = Number(process.env.WHIP_BENCH_DIGEST_COUNT) || 5000,
  limit = Number(process.env.WHIP_BENCH_DIGEST_LIMIT) || 50,
): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'whip-bench-digest-'));
  const db = await openDatabase(storeFile(dir));
  try {
    const now = Date.now();
    const at = new Date(now).toISOString();
    await db
      .insertInto('articles')
      .values({
        id: 'bench-article',
        origin: 'ingested',
        title: 'Bench article',
        publication: 'The Bench',
        publication_confirmed: 1,
        published: '2026-01-01',
        published_precision: 'day',
        published_inferred: 0,
        published_note: null,
        author: null,
        url: null,
        body: 'x',
        parts_json: '{}',
        content_hash: 'x',
        added_at: new Date(now - 3600_000).toISOString(),
        updated_at: at,
      })
      .execute();
    await db.transaction().execute((trx) => insertDueSubscriptions(trx, count, now, 'skip'));

    const platform = new LimitedPlatform(limit);
    const articles = new ArticleStore(db);
    const scheduler = new DigestScheduler({
      db,
      posters: () => ({ discord: platform }),
      compose: async (sub, window) =>
        renderDigest(await collectDigest(articles, undefined, window), undefined, {
          timezone: sub.timezone,
          whenEmpty: 'skip',
          lookbackDays: 7,
        }),
      tickMs: 15_000,
      graceMs: 60 * 60_000,
      lookbackDays: 7,
      // The production pacing for Discord, scaled if the bench's limit is not Discord's 50/s.
      pacing: { discord: { ...DEFAULT_PACING.discord, ratePerSec: (DEFAULT_PACING.discord.ratePerSec * limit) / 50 } },
    });
    const t0 = performance.now();
    const tick = await scheduler.runOnce();
    const drained = (performance.now() - t0) / 1000;

    const acc = platform.accepted;
    const span = ((acc.at(-1) ?? 0) - (acc[0] ?? 0)) / 1000;
    const rate = acc.length > 1 ? (acc.length - 1) / span : 0;
    const fraction = rate / limit;
    const duplicates = [...platform.perChannel.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const losses = count - platform.perChannel.size;
    const ledger = await db
      .selectFrom('digest_deliveries')
      .select(['state'])
      .execute()
      .then((rows) => ({ sent: rows.filter((r) => r.state === 'sent').length, rows: rows.length }));
    const ledgerProblems = ledger.rows - count + (count - ledger.sent);
    return [
      {
        name: `Digest fan-out: ${count.toLocaleString('en-GB')} subscriptions due at once, fake platform limit ${limit} req/s`,
        value: `${rate.toFixed(1)} posts/s = ${(fraction * 100).toFixed(1)}% of the limit; ${platform.limited} x 429; drained in ${drained.toFixed(1)} s (claimed ${tick.claimed})`,
        target: '>= 90% of the limit',
        data: { posts_per_s: rate, fraction, limited: platform.limited, drained_s: drained, count, limit },
      },
      {
        name: 'Digest fan-out duplicates (channel posted more than once)',
        value: String(duplicates),
        target: '0',
        data: { duplicates },
      },
      {
        name: 'Digest fan-out losses (due channel never posted; ledger rows not sent)',
        value: `${losses} (ledger: ${ledger.sent}/${ledger.rows} sent)`,
        target: '0',
        data: { losses, ledger_not_sent: ledgerProblems },
      },
    ];
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFigures('Digests', await benchDigest());
}
