import type { Kysely } from 'kysely';

/**
 * Conversation threads Whip answered in (Slack threads, Discord threads), with the last question asked there, so
 * follow-ups ("what did he say about Clegg?") are understood after a restart too. Portable SQL; ISO times as text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('threads')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('last_question', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('threads_pk', ['platform', 'channel_id', 'thread_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('threads').execute();
}
