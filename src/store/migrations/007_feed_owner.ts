import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import { autoId } from './portable.js';

/**
 * Per-tenant feeds (issue #14): a feed belongs to the tenant that added it — `discord:<guild id>`,
 * `slack:<team id>`, or `local` (the CLI and console). Feeds stored before this migration were added by someone
 * with access to the whole bot, so they become `local`. One URL may now be followed by several tenants, each with
 * their own row (status, items seen), so the unique URL of 004 becomes unique (owner, url). The articles a feed
 * brings in stay in the shared knowledge base.
 *
 * PostgreSQL drops 004's named constraint and adds a unique index. SQLite cannot drop a column constraint, so it
 * rebuilds the table (the documented 12-step procedure: foreign keys off, copy, drop, rename, check) — ids are
 * kept, so feed_items still point at their feed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.schema.alterTable('feeds').addColumn('owner', 'text').execute();
    await sql`update feeds set owner = 'local'`.execute(db);
    await sql`alter table feeds drop constraint if exists feeds_url_key`.execute(db);
    await db.schema.createIndex('feeds_owner_url').on('feeds').columns(['owner', 'url']).unique().execute();
    return;
  }
  await rebuildSqlite(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.schema.dropIndex('feeds_owner_url').execute();
    // Back to one row per URL: keep the oldest follower of each.
    await sql`delete from feeds f using feeds g where f.url = g.url and f.id > g.id`.execute(db);
    await db.schema.alterTable('feeds').dropColumn('owner').execute();
    await sql`alter table feeds add constraint feeds_url_key unique (url)`.execute(db);
    return;
  }
  await rebuildSqlite(db, false);
}

const COLUMNS = [
  'id',
  'url',
  'title',
  'etag',
  'last_modified',
  'status',
  'failure_reason',
  'consecutive_failures',
  'next_poll_at',
  'last_polled_at',
  'last_success_at',
  'seeded',
  'added_at',
];

/** SQLite: recreate `feeds` with (withOwner) or without the owner column and its uniqueness. */
async function rebuildSqlite(db: Kysely<unknown>, withOwner: boolean): Promise<void> {
  // Outside any transaction (SQLite ignores this pragma inside one): dropping the old table must not cascade to
  // feed_items. Kysely's migrator runs SQLite migrations without a transaction, so this takes effect.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      let t = trx.schema
        .createTable('feeds_new')
        .addColumn('id', ...autoId(trx))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok'))
        .addColumn('failure_reason', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_poll_at', 'text', (c) => c.notNull())
        .addColumn('last_polled_at', 'text')
        .addColumn('last_success_at', 'text')
        .addColumn('seeded', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('added_at', 'text', (c) => c.notNull());
      t = withOwner
        ? t.addColumn('owner', 'text').addUniqueConstraint('feeds_owner_url', ['owner', 'url'])
        : t.addUniqueConstraint('feeds_url', ['url']);
      await t.execute();
      const cols = sql.join(COLUMNS.map((c) => sql.ref(c)));
      if (withOwner) {
        await sql`insert into feeds_new (${cols}, owner) select ${cols}, 'local' from feeds`.execute(trx);
      } else {
        // Back to one row per URL: keep the oldest follower of each.
        await sql`insert into feeds_new (${cols}) select ${cols} from feeds f where f.id = (select min(g.id) from feeds g where g.url = f.url)`.execute(
          trx,
        );
        await sql`delete from feed_items where feed_id not in (select id from feeds_new)`.execute(trx);
      }
      await trx.schema.dropTable('feeds').execute();
      await sql`alter table feeds_new rename to feeds`.execute(trx);
      await trx.schema.createIndex('feeds_next_poll_idx').on('feeds').column('next_poll_at').execute();
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error('feeds rebuild left feed_items pointing at missing feeds');
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
