/**
 * The digest scheduler: a loop (every WHIP_SCHEDULER_TICK_SECONDS, on an injectable clock) that claims due
 * subscriptions in the delivery ledger, paces posts per platform, posts through the platform's ChannelPoster and
 * records the outcome.
 *
 * Exactly-once rules (the ledger row for (subscription, slot) is unique; every change to it is a compare-and-set):
 *  1. Claim = insert the slot's ledger row (state `pending`, this process as owner, a lease), then move the
 *     subscription's next_run_at on (compare-and-set on the old value), in one transaction. A second process, or
 *     this one after a restart, finds the row already there and does not claim it again.
 *  2. Before sending, the owner sets attempt_started_at (compare-and-set: still pending, still the owner, no
 *     attempt in flight). Only then is the post sent; then the row becomes `sent` (message id), `failed`
 *     (reason) or, after a temporary error, goes back to pending with no attempt in flight and a retry time.
 *  3. A pending row whose lease ran out (its owner died) is recovered by the next tick of any process:
 *     - no attempt in flight (killed between claim and post, or while waiting to retry): nothing can have reached
 *       the platform, so it is taken over (compare-and-set on the old lease) and posted — if the slot is still
 *       within the grace period, else recorded as `skipped`;
 *     - an attempt was in flight (killed mid-post): the outcome is unknown. If the poster can `confirm` by the
 *       slot's idempotency key, the row is recorded as sent (found) or posted again (not found); otherwise it is
 *       recorded as `failed` ("interrupted … not re-posted") — a slot is posted at most once.
 *  Slots missed while no process ran: only the latest missed slot counts (a digest covers everything since the
 *  channel's last digest, so nothing is lost): posted once if younger than the grace period, else `skipped`.
 *
 * Errors: a permanent DeliveryError (Discord 403/404, Slack channel_not_found …) fails the row and disables the
 * subscription with the reason; a temporary one retries with exponential backoff and jitter up to a cap,
 * never sooner than the platform's retryAfterMs (which also pauses the platform's limiter).
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { type ChannelPoster, DeliveryError } from '../core/delivery.js';
import type { Metrics } from '../core/metrics.js';
import type { Reply } from '../core/reply.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { type Clock, systemClock } from './clock.js';
import { type DigestWindow, digestWindow } from './compose.js';
import { DEFAULT_PACING, type PaceOptions, RateLimiter } from './limiter.js';
import { countRunsBetween, latestRunAtOrBefore, nextRunAfter } from './schedule.js';
import { type Delivery, type DigestPlatform, DigestStore, type Subscription } from './store.js';

/** Builds the digest for a subscription and window; null = nothing new and the subscription says skip. */
export type Composer = (sub: Subscription, window: DigestWindow, opts: { manual: boolean }) => Promise<Reply | null>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 2000, capMs: 5 * 60_000 };

export interface SchedulerOptions {
  db: Db;
  /** Looked up at every post, so adapters that start or stop later are seen. */
  posters: () => Partial<Record<DigestPlatform, ChannelPoster>>;
  compose: Composer;
  clock?: Clock;
  log?: Logger;
  tickMs: number;
  graceMs: number;
  lookbackDays: number;
  /** How long a claim or an attempt is held before another process may recover it. */
  leaseMs?: number;
  /** Posts of a slot are spread over [0, jitterMs) so channels do not all fire at :00. */
  jitterMs?: number;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  pacing?: Partial<Record<DigestPlatform, PaceOptions>>;
  /** Subscriptions claimed per transaction. */
  batchSize?: number;
  /**
   * At most this many claimed slots waiting or posting in this process; a tick claims only the room left (the
   * rest stays due for whichever instance ticks next). Several instances sharing a platform's limit set it, so the
   * first to tick does not claim a whole busy minute and post it alone at its share of the rate. Unset: no bound.
   */
  maxQueued?: number;
  /** Counts finished slots for /metrics. */
  metrics?: Pick<Metrics, 'digest'>;
  /** This process's owner id in the ledger (random by default). */
  owner?: string;
  /** Test seams to simulate a crash at a precise point. */
  hooks?: {
    afterClaim?: (d: { deliveryId: number; subscriptionId: number; slot: string }) => Promise<void> | void;
    beforePost?: (d: { deliveryId: number; subscriptionId: number; slot: string }) => Promise<void> | void;
  };
}

export interface TickResult {
  claimed: number;
  skipped: number;
  recovered: number;
  closed: number;
}

export interface DeliveryOutcome {
  state: 'sent' | 'failed' | 'skipped' | 'pending';
  messageId?: string;
  reason?: string;
  deliveryId: number;
}

interface Job {
  deliveryId: number;
  subscriptionId: number;
  slot: string;
  platform: DigestPlatform;
  channelId: string;
  manual: boolean;
  /** Attempts already made (recovered rows). */
  attempts: number;
  /** Wait before the first attempt (jitter, or a recovered row's retry time). */
  delayMs: number;
}

const iso = (t: number) => new Date(t).toISOString();
const MANUAL = 'manual:';

export function idempotencyKey(subscriptionId: number, slot: string): string {
  return `whip-digest:${subscriptionId}:${slot}`;
}

function slotTime(slot: string): number {
  return Date.parse((slot.startsWith(MANUAL) ? slot.slice(MANUAL.length) : slot).replace(/#\d+$/, ''));
}

function toDeliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  return new DeliveryError(`unexpected error: ${e instanceof Error ? e.message : String(e)}`, false);
}

export class DigestScheduler {
  readonly owner: string;
  readonly store: DigestStore;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly jitterMs: number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly batchSize: number;
  /** Claim with row locks (PostgreSQL: several instances share the ledger). */
  private readonly lockRows: boolean;
  private readonly limiters = new Map<DigestPlatform, RateLimiter>();
  /** Delivery ids this process is working on (recovery leaves them alone). */
  private readonly working = new Set<number>();
  private readonly jobs = new Set<Promise<unknown>>();
  private stopping = false;
  /** Aborted by stop(): wakes every pending sleep (tick wait, jitter, retry backoff). */
  private aborter = DigestScheduler.controller();
  private loop?: Promise<void>;
  private ticking?: Promise<TickResult>;

  /** One abort signal is shared by every pending sleep (thousands while a big slot drains). */
  private static controller(): AbortController {
    const c = new AbortController();
    setMaxListeners(0, c.signal);
    return c;
  }

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.store = new DigestStore(opts.db);
    this.owner = opts.owner ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.jitterMs = opts.jitterMs ?? Math.min(5000, opts.tickMs);
    this.random = opts.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.batchSize = opts.batchSize ?? 250;
    this.lockRows = this.store.dialect === 'postgres';
  }

  private limiter(platform: DigestPlatform): RateLimiter {
    let l = this.limiters.get(platform);
    if (!l) {
      l = new RateLimiter(this.opts.pacing?.[platform] ?? DEFAULT_PACING[platform], this.clock);
      this.limiters.set(platform, l);
    }
    return l;
  }

  private platforms(): DigestPlatform[] {
    const posters = this.opts.posters();
    return (Object.keys(posters) as DigestPlatform[]).filter((p) => posters[p]);
  }

  /** The grace period, never shorter than two ticks (a slot is always found a little late). */
  private get graceMs(): number {
    return Math.max(this.opts.graceMs, 2 * this.opts.tickMs);
  }

  // ---------------------------------------------------------------------------------------------------------
  // the loop

  /** Run ticks every tickMs until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    if (this.aborter.signal.aborted) this.aborter = DigestScheduler.controller();
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.tick();
        } catch (e) {
          this.opts.log?.error({ err: e }, 'digest scheduler tick failed');
        }
        if (this.stopping) break;
        await this.clock.sleep(this.opts.tickMs, this.aborter.signal);
      }
    })();
  }

  /**
   * Stop claiming; let posts already sent finish (up to `waitMs`) so their outcome is recorded. Claimed rows not
   * yet attempted stay pending with their lease ended, so the next process (or a restart) recovers them at once.
   */
  async stop(waitMs = 10_000): Promise<void> {
    this.stopping = true;
    this.aborter.abort();
    for (const l of this.limiters.values()) l.close();
    this.limiters.clear();
    await this.loop?.catch(() => undefined);
    this.loop = undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    try {
      await this.store.releaseLeases(this.owner, this.clock.now());
    } catch (e) {
      this.opts.log?.warn({ err: e }, 'digest: could not release claimed slots on stop');
    }
  }

  /** Resolves when every job this process has started (retries included) has finished. */
  async idle(): Promise<void> {
    while (this.jobs.size) await Promise.allSettled([...this.jobs]);
  }

  /** One tick and everything it started (for `whip digest run --once` and tests). */
  async runOnce(): Promise<TickResult> {
    const r = await this.tick();
    await this.idle();
    return r;
  }

  /** Recover abandoned rows, then claim every due subscription; the posts run in the background. */
  async tick(): Promise<TickResult> {
    // Ticks never overlap within a process.
    while (this.ticking) await this.ticking.catch(() => undefined);
    this.ticking = this.doTick();
    try {
      return await this.ticking;
    } finally {
      this.ticking = undefined;
    }
  }

  private async doTick(): Promise<TickResult> {
    const result: TickResult = { claimed: 0, skipped: 0, recovered: 0, closed: 0 };
    const platforms = this.platforms();
    if (!platforms.length || this.stopping) return result;
    await this.recover(platforms, result);
    const now = this.clock.now();
    // Bounded, so a subscription that somehow stays due cannot keep a tick going for ever.
    for (let batch = 0; batch < 1000; batch++) {
      if (this.stopping) break;
      // PostgreSQL: the due rows are read and locked inside the claim transaction (SKIP LOCKED), so instances
      // split a slot's subscriptions between them. SQLite: read first, as one writer holds the file anyway.
      const size = Math.min(this.batchSize, (this.opts.maxQueued ?? Number.POSITIVE_INFINITY) - this.jobs.size);
      if (size <= 0) break;
      const early = this.lockRows ? undefined : await this.store.due(platforms, now, size);
      if (early && !early.length) break;
      const { due, claimed } = await this.opts.db.transaction().execute(async (trx) => {
        const store = new DigestStore(trx);
        const due = early ?? (await store.due(platforms, now, size, { lock: true }));
        const jobs: Job[] = [];
        for (const sub of due) {
          const job = await this.claim(store, sub, now, result);
          if (job) jobs.push(job);
        }
        return { due, claimed: jobs };
      });
      if (!due.length) break;
      for (const job of claimed) {
        await this.opts.hooks?.afterClaim?.({
          deliveryId: job.deliveryId,
          subscriptionId: job.subscriptionId,
          slot: job.slot,
        });
        this.launch(job);
      }
      if (due.length < size) break;
    }
    return result;
  }

  /** Claim one due subscription's slot inside the claim transaction. */
  private async claim(
    store: DigestStore,
    sub: Subscription,
    now: number,
    result: TickResult,
  ): Promise<Job | undefined> {
    const expected = sub.next_run_at as string;
    const first = Date.parse(expected);
    let latest = first;
    try {
      latest = Math.max(first, latestRunAtOrBefore(sub.cron, sub.timezone, now)?.getTime() ?? first);
    } catch (e) {
      this.opts.log?.warn({ err: e, subscription: sub.id }, 'digest: bad schedule');
    }
    const slot = iso(latest);
    const age = now - latest;
    let next: string | null = null;
    try {
      next = nextRunAfter(sub.cron, sub.timezone, now)?.toISOString() ?? null;
    } catch {
      next = null;
    }
    const coalesced = latest > first ? countRunsBetween(sub.cron, sub.timezone, first - 1, latest) : 0;
    let job: Job | undefined;
    if (age > this.graceMs) {
      const reason =
        `missed: ${Math.round(age / 60_000)} min late, older than the ${Math.round(this.graceMs / 60_000)}-min grace period` +
        (coalesced ? ` (and ${coalesced} earlier missed slot${coalesced === 1 ? '' : 's'})` : '');
      if (await store.insertDelivery(sub.id, slot, 'skipped', now, { reason })) {
        result.skipped++;
        this.count(sub.platform, 'skipped', true);
        this.opts.log?.info({ subscription: sub.id, slot, reason }, 'digest slot skipped');
      }
    } else if (
      await store.insertDelivery(sub.id, slot, 'pending', now, {
        owner: this.owner,
        leaseUntil: iso(now + this.leaseMs),
      })
    ) {
      const row = (await store.delivery(sub.id, slot)) as Delivery;
      result.claimed++;
      if (coalesced)
        this.opts.log?.info({ subscription: sub.id, slot, coalesced }, 'digest: missed slots coalesced into one');
      job = {
        deliveryId: row.id,
        subscriptionId: sub.id,
        slot,
        platform: sub.platform as DigestPlatform,
        channelId: sub.channel_id,
        manual: false,
        attempts: 0,
        delayMs: this.jitterMs > 0 ? Math.floor(this.random() * this.jitterMs) : 0,
      };
    }
    // Move on (compare-and-set: a concurrent claimer that already moved it wins, harmlessly).
    await store.advance(sub.id, expected, next, now);
    return job;
  }

  /** Pending rows whose owner's lease ran out. */
  private async recover(platforms: DigestPlatform[], result: TickResult): Promise<void> {
    const now = this.clock.now();
    const rows = await this.store.expiredPending(platforms, now, 500);
    for (const row of rows) {
      if (this.working.has(row.id) || this.stopping) continue;
      const sub = await this.store.get(row.subscription_id);
      if (!sub) continue;
      const manual = row.slot.startsWith(MANUAL);
      const age = now - slotTime(row.slot);
      if (row.attempt_started_at === null) {
        // Nothing can have been sent for this attempt: post it (once: the takeover is a compare-and-set).
        if (!manual && age > this.graceMs) {
          if (
            await this.store.closeInterrupted(row, 'skipped', now, {
              reason: `missed: recovered ${Math.round(age / 60_000)} min after its slot, older than the grace period`,
            })
          ) {
            this.count(sub.platform, 'skipped', true);
            result.closed++;
          }
          continue;
        }
        if (await this.store.takeOver(row, this.owner, now, iso(now + this.leaseMs))) {
          result.recovered++;
          this.opts.log?.info(
            { subscription: sub.id, slot: row.slot },
            'digest: recovered a claimed slot that was never posted',
          );
          const retryAt = row.next_attempt_at ? Date.parse(row.next_attempt_at) : now;
          this.launch(this.resumeJob(row, sub, manual, Math.max(0, retryAt - now)));
        }
        continue;
      }
      // An attempt was in flight when its owner died: did the platform get it?
      const poster = this.opts.posters()[sub.platform as DigestPlatform];
      let confirmed: { messageId: string } | null | undefined;
      if (poster?.confirm) {
        try {
          confirmed = await poster.confirm(sub.channel_id, idempotencyKey(sub.id, row.slot));
        } catch (e) {
          this.opts.log?.warn({ err: e, subscription: sub.id }, 'digest: could not confirm an interrupted post');
          continue; // try again next tick
        }
      }
      if (confirmed) {
        if (await this.store.closeInterrupted(row, 'sent', now, { messageId: confirmed.messageId })) {
          this.count(sub.platform, 'sent', true);
          result.closed++;
          if (row.window_until) await this.store.markDigested(sub.id, row.window_until, now);
        }
      } else if (confirmed === null && (manual || age <= this.graceMs)) {
        // The platform says it never arrived: post it again (reopen = compare-and-set on the attempt seen).
        if (await this.reopen(row, now)) {
          result.recovered++;
          this.launch(this.resumeJob(row, sub, manual, 0));
        }
      } else {
        const reason =
          confirmed === null
            ? 'interrupted: the process stopped while posting; the platform has no such message, but the slot is older than the grace period'
            : 'interrupted: the process stopped while posting; outcome unknown, not re-posted to avoid a duplicate';
        if (await this.store.closeInterrupted(row, 'failed', now, { reason })) {
          this.count(sub.platform, 'failed', true);
          result.closed++;
          this.opts.log?.warn({ subscription: sub.id, slot: row.slot }, `digest: ${reason}`);
        }
      }
    }
  }

  private async reopen(row: Delivery, now: number): Promise<boolean> {
    let q = this.opts.db
      .updateTable('digest_deliveries')
      .set({ owner: this.owner, attempt_started_at: null, lease_until: iso(now + this.leaseMs), updated_at: iso(now) })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('attempt_started_at', '=', row.attempt_started_at as string);
    q = row.lease_until === null ? q.where('lease_until', 'is', null) : q.where('lease_until', '=', row.lease_until);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ---------------------------------------------------------------------------------------------------------
  // delivering

  /** The job that carries on an existing ledger row (a recovered or re-opened slot). */
  private resumeJob(
    row: Delivery,
    sub: { id: number; platform: string; channel_id: string },
    manual: boolean,
    delayMs: number,
  ): Job {
    return {
      deliveryId: row.id,
      subscriptionId: sub.id,
      slot: row.slot,
      platform: sub.platform as DigestPlatform,
      channelId: sub.channel_id,
      manual,
      attempts: row.attempts,
      delayMs,
    };
  }

  private launch(job: Job): Promise<DeliveryOutcome> {
    this.working.add(job.deliveryId);
    const p = this.deliver(job)
      .catch((e: unknown) => {
        // The store failed while recording (a database gone away): nothing awaits a background job, and an
        // unhandled rejection would kill the process. The row stays pending; its lease lets it be recovered.
        this.opts.log?.error({ err: e, delivery: job.deliveryId }, 'digest: could not record a delivery');
        return this.outcome(undefined, job.deliveryId);
      })
      .finally(() => {
        this.working.delete(job.deliveryId);
        this.jobs.delete(p);
      });
    this.jobs.add(p);
    return p;
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.retry.capMs, this.retry.baseMs * 2 ** Math.max(0, attempt - 1));
    // "Equal jitter": half fixed, half random, so retries of many channels spread out.
    return Math.round(exp / 2 + this.random() * (exp / 2));
  }

  /** Count a finished slot for /metrics (only when this process's compare-and-set actually finished it). */
  private count(platform: string, outcome: 'sent' | 'failed' | 'skipped', finished: boolean): void {
    if (finished) this.opts.metrics?.digest(platform, outcome);
  }

  private outcome(row: Delivery | undefined, deliveryId: number): DeliveryOutcome {
    return {
      deliveryId,
      state: (row?.state ?? 'pending') as DeliveryOutcome['state'],
      ...(row?.message_id ? { messageId: row.message_id } : {}),
      ...(row?.reason ? { reason: row.reason } : {}),
    };
  }

  private async deliver(job: Job): Promise<DeliveryOutcome> {
    const ids = { deliveryId: job.deliveryId, subscriptionId: job.subscriptionId, slot: job.slot };
    // Tries count every pass that got as far as composing (a failing composer must not retry for ever).
    let tries = job.attempts;
    let delay = job.delayMs;
    for (;;) {
      if (delay > 0) await this.clock.sleep(delay, this.aborter.signal);
      if (this.stopping) return this.outcome(undefined, job.deliveryId);
      const release = await this.limiter(job.platform).acquire(job.channelId);
      try {
        if (this.stopping) return this.outcome(undefined, job.deliveryId);
        const now = this.clock.now();
        const sub = await this.store.get(job.subscriptionId);
        if (!sub) return this.outcome(undefined, job.deliveryId); // unsubscribed: the row went with it
        if (!job.manual && sub.status !== 'active') {
          this.count(
            job.platform,
            'skipped',
            await this.store.finish(job.deliveryId, this.owner, 'skipped', now, {
              reason: `subscription ${sub.status}`,
            }),
          );
          return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
        }
        const poster = this.opts.posters()[job.platform];
        tries++;
        if (!poster) throw new DeliveryError(`no ${job.platform} connection in this process`, false);
        const until = job.manual ? now : Date.parse(job.slot);
        const window = digestWindow(sub.last_digest_at, until, this.opts.lookbackDays);
        const reply = await this.opts.compose(sub, window, { manual: job.manual });
        if (!reply) {
          this.count(
            job.platform,
            'skipped',
            await this.store.finish(job.deliveryId, this.owner, 'skipped', now, { reason: 'nothing new' }),
          );
          return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
        }
        if (!(await this.store.startAttempt(job.deliveryId, this.owner, now, iso(now + this.leaseMs), window))) {
          // Someone else holds it now (a takeover after our lease ran out), or it is already finished.
          return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
        }
        await this.opts.hooks?.beforePost?.(ids);
        const posted = await poster.post(job.channelId, reply, {
          idempotencyKey: idempotencyKey(sub.id, job.slot),
          ...(sub.workspace_id ? { workspaceId: sub.workspace_id } : {}),
        });
        const done = this.clock.now();
        this.count(
          job.platform,
          'sent',
          await this.store.finish(job.deliveryId, this.owner, 'sent', done, { messageId: posted.messageId }),
        );
        await this.store.markDigested(sub.id, window.until, done);
        this.opts.log?.debug({ subscription: sub.id, slot: job.slot, messageId: posted.messageId }, 'digest posted');
        return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
      } catch (e) {
        const err = toDeliveryError(e);
        const now = this.clock.now();
        if (err.permanent) {
          this.count(
            job.platform,
            'failed',
            await this.store.finish(job.deliveryId, this.owner, 'failed', now, { reason: err.reason }),
          );
          await this.store.disable(job.subscriptionId, err.reason, now);
          this.opts.log?.warn({ subscription: job.subscriptionId, reason: err.reason }, 'digest subscription disabled');
          return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
        }
        if (tries >= this.retry.maxAttempts) {
          const reason = `gave up after ${tries} attempts: ${err.reason}`;
          this.count(
            job.platform,
            'failed',
            await this.store.finish(job.deliveryId, this.owner, 'failed', now, { reason }),
          );
          this.opts.log?.warn({ subscription: job.subscriptionId, reason }, 'digest delivery failed');
          return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
        }
        if (err.retryAfterMs !== undefined) this.limiter(job.platform).pauseFor(err.retryAfterMs);
        delay = Math.max(err.retryAfterMs ?? 0, this.backoff(Math.max(1, tries)));
        const ok = await this.store.scheduleRetry(
          job.deliveryId,
          this.owner,
          now,
          iso(now + delay),
          iso(now + delay + this.leaseMs),
          err.reason,
        );
        if (!ok) return this.outcome(await this.store.deliveryById(job.deliveryId), job.deliveryId);
        this.opts.log?.info(
          { subscription: job.subscriptionId, reason: err.reason, retryInMs: delay, attempts: tries },
          'digest post failed; will retry',
        );
      } finally {
        release();
      }
    }
  }

  /**
   * `digest now`: claim a manual slot in the ledger and post it at once (through the same pacing and error
   * handling). Waits for the outcome, retries included.
   */
  async deliverNow(sub: Subscription): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    let slot = `${MANUAL}${iso(now)}`;
    // Two `now`s in the same millisecond get distinct slots.
    for (
      let i = 1;
      !(await this.store.insertDelivery(sub.id, slot, 'pending', now, {
        owner: this.owner,
        leaseUntil: iso(now + this.leaseMs),
      }));
      i++
    ) {
      slot = `${MANUAL}${iso(now)}#${i}`;
    }
    const row = (await this.store.delivery(sub.id, slot)) as Delivery;
    return this.launch({
      deliveryId: row.id,
      subscriptionId: sub.id,
      slot,
      platform: sub.platform as DigestPlatform,
      channelId: sub.channel_id,
      manual: true,
      attempts: 0,
      delayMs: 0,
    });
  }
}
