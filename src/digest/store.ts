/**
 * Digest subscriptions (one per channel) and the delivery ledger, through Kysely's builder (portable to
 * PostgreSQL: no SQLite-only SQL). Times are ISO-8601 UTC text, so they compare correctly as strings.
 *
 * The ledger row for (subscription, slot) is inserted before anything is posted; its unique key is what makes a
 * slot post at most once. Every later state change is a compare-and-set on the row (owner, state,
 * attempt_started_at), so two processes — or a process and its own restarted successor — cannot both post it.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../store/db.js';
import { dialectOf, type StoreDialect } from '../store/dialect.js';
import type { DigestDeliveriesTable, DigestSubscriptionsTable } from '../store/schema.js';

export type Subscription = Selectable<DigestSubscriptionsTable>;
export type Delivery = Selectable<DigestDeliveriesTable>;
export type SubscriptionStatus = 'active' | 'paused' | 'disabled';
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';
export type WhenEmpty = 'skip' | 'note';
export type DigestPlatform = 'discord' | 'slack' | 'console';

export interface SubscribeInput {
  platform: DigestPlatform;
  workspaceId: string | null;
  channelId: string;
  schedule: string;
  cron: string;
  timezone: string;
  whenEmpty: WhenEmpty;
  createdBy: string;
  nextRunAt: string | null;
}

const iso = (t: number | Date | string) => new Date(t).toISOString();

export class DigestStore {
  constructor(readonly db: Db) {}

  // ---------------------------------------------------------------------------------------------------------
  // subscriptions

  /** Create the channel's subscription, or replace its schedule (and re-activate it). */
  async subscribe(input: SubscribeInput, now: number): Promise<{ subscription: Subscription; created: boolean }> {
    const at = iso(now);
    const existing = await this.forChannel(input.platform, input.channelId);
    const values = {
      workspace_id: input.workspaceId,
      schedule: input.schedule,
      cron: input.cron,
      timezone: input.timezone,
      when_empty: input.whenEmpty,
      status: 'active',
      disabled_reason: null,
      next_run_at: input.nextRunAt,
      updated_at: at,
    };
    if (existing) {
      await this.db.updateTable('digest_subscriptions').set(values).where('id', '=', existing.id).execute();
      return { subscription: (await this.get(existing.id)) as Subscription, created: false };
    }
    await this.db
      .insertInto('digest_subscriptions')
      .values({
        platform: input.platform,
        channel_id: input.channelId,
        created_by: input.createdBy,
        created_at: at,
        last_digest_at: null,
        ...values,
      })
      .onConflict((oc) => oc.columns(['platform', 'channel_id']).doUpdateSet(values))
      .execute();
    return { subscription: (await this.forChannel(input.platform, input.channelId)) as Subscription, created: true };
  }

  async get(id: number): Promise<Subscription | undefined> {
    return this.db.selectFrom('digest_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async forChannel(platform: string, channelId: string): Promise<Subscription | undefined> {
    return this.db
      .selectFrom('digest_subscriptions')
      .selectAll()
      .where('platform', '=', platform)
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
  }

  /** A workspace's subscriptions (or, without a workspace, the one channel's). */
  async list(platform: string, workspaceId: string | null, channelId?: string): Promise<Subscription[]> {
    let q = this.db.selectFrom('digest_subscriptions').selectAll().where('platform', '=', platform);
    if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
    else if (channelId) q = q.where('channel_id', '=', channelId);
    return q.orderBy('channel_id').execute();
  }

  async all(): Promise<Subscription[]> {
    return this.db.selectFrom('digest_subscriptions').selectAll().orderBy('id').execute();
  }

  async setStatus(
    id: number,
    status: SubscriptionStatus,
    now: number,
    extra: { reason?: string | null; nextRunAt?: string | null } = {},
  ): Promise<void> {
    await this.db
      .updateTable('digest_subscriptions')
      .set({
        status,
        disabled_reason: status === 'disabled' ? (extra.reason ?? 'disabled') : null,
        ...(extra.nextRunAt !== undefined ? { next_run_at: extra.nextRunAt } : {}),
        updated_at: iso(now),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Disable after a permanent delivery error (only an active subscription: a pause by a person wins). */
  async disable(id: number, reason: string, now: number): Promise<void> {
    await this.db
      .updateTable('digest_subscriptions')
      .set({ status: 'disabled', disabled_reason: reason.slice(0, 500), next_run_at: null, updated_at: iso(now) })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .execute();
  }

  async remove(id: number): Promise<void> {
    await this.db.deleteFrom('digest_deliveries').where('subscription_id', '=', id).execute();
    await this.db.deleteFrom('digest_subscriptions').where('id', '=', id).execute();
  }

  /**
   * Active subscriptions of these platforms whose next slot is due at `now`, oldest first.
   *
   * `lock` (inside the claim transaction, PostgreSQL only): the rows are locked `FOR UPDATE SKIP LOCKED`, so
   * instances claiming at the same moment split the due set between them instead of queueing on each other's
   * rows (or deadlocking on them in different orders); a row another instance is claiming is simply not
   * returned, and is no longer due once that claim commits. SQLite has no row locks: there one writer at a time
   * holds the whole file, and the ledger's unique key alone keeps a slot from being claimed twice.
   */
  async due(platforms: string[], now: number, limit: number, opts: { lock?: boolean } = {}): Promise<Subscription[]> {
    if (!platforms.length) return [];
    let q = this.db
      .selectFrom('digest_subscriptions')
      .selectAll()
      .where('status', '=', 'active')
      .where('platform', 'in', platforms)
      .where('next_run_at', 'is not', null)
      .where('next_run_at', '<=', iso(now))
      .orderBy('next_run_at')
      .orderBy('id')
      .limit(limit);
    if (opts.lock && this.dialect === 'postgres') q = q.forUpdate().skipLocked();
    return q.execute();
  }

  /** Whether this store is on PostgreSQL (row locks, several instances) or SQLite. */
  get dialect(): StoreDialect {
    return dialectOf(this.db);
  }

  /** Compare-and-set the next slot: only moves it if nobody else has since `expected`. */
  async advance(id: number, expected: string, next: string | null, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('digest_subscriptions')
      .set({ next_run_at: next, updated_at: iso(now) })
      .where('id', '=', id)
      .where('next_run_at', '=', expected)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Record that the channel has received everything up to `until` (never moves backwards). */
  async markDigested(id: number, until: string, now: number): Promise<void> {
    await this.db
      .updateTable('digest_subscriptions')
      .set({ last_digest_at: until, updated_at: iso(now) })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_digest_at', 'is', null), eb('last_digest_at', '<', until)]))
      .execute();
  }

  // ---------------------------------------------------------------------------------------------------------
  // ledger

  /**
   * Insert the ledger row for a slot; false when it already exists (someone — maybe this process before a
   * crash — claimed it first). This insert is the claim.
   */
  async insertDelivery(
    subscriptionId: number,
    slot: string,
    state: DeliveryState,
    now: number,
    extra: { owner?: string; leaseUntil?: string; reason?: string } = {},
  ): Promise<boolean> {
    const at = iso(now);
    const r = await this.db
      .insertInto('digest_deliveries')
      .values({
        subscription_id: subscriptionId,
        slot,
        state,
        owner: extra.owner ?? null,
        lease_until: extra.leaseUntil ?? null,
        attempt_started_at: null,
        next_attempt_at: null,
        window_since: null,
        window_until: null,
        message_id: null,
        reason: extra.reason ?? null,
        created_at: at,
        updated_at: at,
        finished_at: state === 'pending' ? null : at,
      })
      .onConflict((oc) => oc.columns(['subscription_id', 'slot']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async delivery(subscriptionId: number, slot: string): Promise<Delivery | undefined> {
    return this.db
      .selectFrom('digest_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('slot', '=', slot)
      .executeTakeFirst();
  }

  async deliveryById(id: number): Promise<Delivery | undefined> {
    return this.db.selectFrom('digest_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deliveries(subscriptionId: number, limit = 20): Promise<Delivery[]> {
    return this.db
      .selectFrom('digest_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async allDeliveries(): Promise<Delivery[]> {
    return this.db.selectFrom('digest_deliveries').selectAll().orderBy('id').execute();
  }

  /**
   * Start an attempt: the one compare-and-set that must succeed before anything is sent. Only the row's owner,
   * while it is pending and no attempt is in flight, can start one; it records the window being posted.
   */
  async startAttempt(
    id: number,
    owner: string,
    now: number,
    leaseUntil: string,
    window: { since: string; until: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('digest_deliveries')
      .set((eb) => ({
        attempt_started_at: iso(now),
        lease_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: null,
        window_since: window.since,
        window_until: window.until,
        updated_at: iso(now),
      }))
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where('state', '=', 'pending')
      .where('attempt_started_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Finish a row this owner holds. A row that recovery already marked failed ("outcome unknown") is corrected by
   * the owner's late result, since the owner knows what really happened.
   */
  async finish(
    id: number,
    owner: string,
    state: Exclude<DeliveryState, 'pending'>,
    now: number,
    extra: { messageId?: string; reason?: string | null } = {},
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('digest_deliveries')
      .set({
        state,
        message_id: extra.messageId ?? null,
        reason: extra.reason === undefined ? null : (extra.reason?.slice(0, 500) ?? null),
        lease_until: null,
        next_attempt_at: null,
        finished_at: iso(now),
        updated_at: iso(now),
      })
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where((eb) => eb.or([eb('state', '=', 'pending'), eb('reason', 'like', 'interrupted%')]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** After a temporary error: no attempt in flight, next one at `nextAttemptAt`; the owner keeps the lease. */
  async scheduleRetry(
    id: number,
    owner: string,
    now: number,
    nextAttemptAt: string,
    leaseUntil: string,
    reason: string,
  ) {
    const r = await this.db
      .updateTable('digest_deliveries')
      .set({
        attempt_started_at: null,
        next_attempt_at: nextAttemptAt,
        lease_until: leaseUntil,
        reason: reason.slice(0, 500),
        updated_at: iso(now),
      })
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * On a clean stop: hand back this owner's claimed rows that have no attempt in flight (lease ends now), so the
   * next process recovers them at once instead of after the lease.
   */
  async releaseLeases(owner: string, now: number): Promise<number> {
    const r = await this.db
      .updateTable('digest_deliveries')
      .set({ lease_until: iso(now), updated_at: iso(now) })
      .where('owner', '=', owner)
      .where('state', '=', 'pending')
      .where('attempt_started_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Pending rows whose lease has run out: their owner died (or is very late). */
  async expiredPending(platforms: string[], now: number, limit: number): Promise<(Delivery & { platform: string })[]> {
    if (!platforms.length) return [];
    return this.db
      .selectFrom('digest_deliveries as d')
      .innerJoin('digest_subscriptions as s', 's.id', 'd.subscription_id')
      .selectAll('d')
      .select('s.platform')
      .where('d.state', '=', 'pending')
      .where('s.platform', 'in', platforms)
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<', iso(now))]))
      .orderBy('d.id')
      .limit(limit)
      .execute();
  }

  /** Take over an expired row that has no attempt in flight (compare-and-set on the old lease). */
  async takeOver(row: Delivery, owner: string, now: number, leaseUntil: string): Promise<boolean> {
    let q = this.db
      .updateTable('digest_deliveries')
      .set({ owner, lease_until: leaseUntil, updated_at: iso(now) })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('attempt_started_at', 'is', null);
    q = row.lease_until === null ? q.where('lease_until', 'is', null) : q.where('lease_until', '=', row.lease_until);
    q = row.owner === null ? q.where('owner', 'is', null) : q.where('owner', '=', row.owner);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Close an expired row whose attempt was in flight when its owner died: `state` failed (outcome unknown, not
   * re-posted) or sent (the platform confirmed it). Compare-and-set on the attempt and lease seen.
   */
  async closeInterrupted(
    row: Delivery,
    state: 'failed' | 'sent' | 'skipped',
    now: number,
    extra: { reason?: string; messageId?: string } = {},
  ): Promise<boolean> {
    let q = this.db
      .updateTable('digest_deliveries')
      .set({
        state,
        reason: extra.reason ?? null,
        message_id: extra.messageId ?? null,
        finished_at: iso(now),
        updated_at: iso(now),
      })
      .where('id', '=', row.id)
      .where('state', '=', 'pending');
    q =
      row.attempt_started_at === null
        ? q.where('attempt_started_at', 'is', null)
        : q.where('attempt_started_at', '=', row.attempt_started_at);
    q = row.lease_until === null ? q.where('lease_until', 'is', null) : q.where('lease_until', '=', row.lease_until);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
