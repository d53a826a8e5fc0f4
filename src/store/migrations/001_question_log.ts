import { type Kysely, sql } from 'kysely';
import { autoId, float64 } from './portable.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('questions')
    .addColumn('id', ...autoId(db))
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('normalised', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confidence', float64(db), (c) => c.notNull().defaultTo(sql`0`))
    .addColumn('answer', 'text')
    .execute();
  await db.schema.createIndex('questions_status_idx').on('questions').columns(['status', 'normalised']).execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', ...autoId(db))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('vote', 'integer', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feedback_one_vote', ['question_id', 'voter'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback').execute();
  await db.schema.dropTable('questions').execute();
}
