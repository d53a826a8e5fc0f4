import type { Kysely } from 'kysely';
import { autoId } from './portable.js';

/**
 * Digest subscriptions (one per channel) and the delivery ledger. The ledger's unique (subscription_id, slot)
 * key is what makes a scheduled slot post at most once, also across a crash/restart or two processes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('id', ...autoId(db))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('when_empty', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('last_digest_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('digest_subscriptions_one_per_channel', ['platform', 'channel_id'])
    .execute();
  await db.schema
    .createIndex('digest_subscriptions_due_idx')
    .on('digest_subscriptions')
    .columns(['status', 'next_run_at'])
    .execute();
  await db.schema
    .createIndex('digest_subscriptions_workspace_idx')
    .on('digest_subscriptions')
    .columns(['platform', 'workspace_id'])
    .execute();

  await db.schema
    .createTable('digest_deliveries')
    .addColumn('id', ...autoId(db))
    .addColumn('subscription_id', 'integer', (c) =>
      c.notNull().references('digest_subscriptions.id').onDelete('cascade'),
    )
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempt_started_at', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('window_since', 'text')
    .addColumn('window_until', 'text')
    .addColumn('message_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('digest_deliveries_one_per_slot', ['subscription_id', 'slot'])
    .execute();
  await db.schema
    .createIndex('digest_deliveries_state_idx')
    .on('digest_deliveries')
    .columns(['state', 'lease_until'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('digest_deliveries').execute();
  await db.schema.dropTable('digest_subscriptions').execute();
}
