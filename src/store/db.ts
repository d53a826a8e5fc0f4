/**
 * The store: one SQLite file under WHIP_DATA_DIR, through Kysely (better-sqlite3 dialect), migrated on open.
 * Queries go through Kysely's builder so they stay portable to PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations/index.js';
import type { Database as Schema } from './schema.js';
import { withStatementCache } from './statementCache.js';

export type Db = Kysely<Schema>;

export class StoreError extends Error {
  override name = 'StoreError';
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Open (creating if needed) the SQLite file and bring its schema up to date. */
export async function openDatabase(file: string): Promise<Db> {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    // WAL makes NORMAL durable across application crashes (only an OS crash can lose the last commits).
    sqlite.pragma('synchronous = NORMAL');
  } catch (e) {
    sqlite?.close();
    throw new StoreError(`cannot open the store at ${path}: ${(e as Error).message}`);
  }
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(`store migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return db;
}

export function storeFile(dataDir: string): string {
  return resolve(dataDir, 'whip.sqlite');
}
