import type { Kysely } from 'kysely';

/**
 * Slack OAuth installations (issue #13: one app installed in many workspaces). One row per workspace — or per
 * Enterprise Grid organisation for an org-wide install — keyed `team:<id>` / `enterprise:<id>`. The installation
 * itself (bot token, scopes, refresh token) is sealed with WHIP_SECRET_KEY (AES-256-GCM, src/store/secretBox.ts)
 * in `sealed`; the other columns hold no secret. Portable SQL; ISO times as text. (Numbered 009: 008 belongs to
 * the knowledge-base change counter of issue #12.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('slack_installations')
    .addColumn('install_key', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text')
    .addColumn('enterprise_id', 'text')
    .addColumn('is_enterprise_install', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bot_user_id', 'text')
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('installed_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('slack_installations').execute();
}
