/**
 * The store: one SQLite file under WHIP_DATA_DIR, through Kysely (better-sqlite3 dialect), migrated on open.
 * Queries go through Kysely's builder so they stay portable to PostgreSQL.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, type Driver, Kysely, type MigrationProvider, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations/index.js';
import type { Database as Schema } from './schema.js';
import { withStatementCache } from './statementCache.js';

export type Db = Kysely<Schema>;

export class StoreError extends Error {
  override name = 'StoreError';
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The data directory is private to the bot's user: questions, voters and subscriptions live in it. */
const DATA_DIR_MODE = 0o700;
/** The database file (and, as SQLite copies its mode, its -wal and -shm files): owner read/write only. */
const DB_FILE_MODE = 0o600;

/**
 * Create the missing directories one by one (mkdirSync's `recursive` spins forever on some paths, such as under
 * /proc); any failure is one StoreError line.
 */
function makeDataDir(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d, { mode: DATA_DIR_MODE });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new StoreError(`cannot create the data directory ${dir} (${code ?? (e as Error).message} at ${d})`);
    }
  }
}

/**
 * SQLite transactions begin IMMEDIATE: a transaction that reads and then writes takes the write lock up front and
 * waits (busy_timeout) for another process's writer, instead of failing with "database is locked" when it tries to
 * upgrade its read lock (two `whip ingest` runs at once lost sources that way). Other dialects are unaffected.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** Open (creating if needed) the SQLite file and bring its schema up to date. */
export async function openDatabase(file: string): Promise<Db> {
  const path = resolve(file);
  makeDataDir(dirname(path));
  let sqlite: Database.Database | undefined;
  try {
    if (!existsSync(path)) closeSync(openSync(path, 'a', DB_FILE_MODE));
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
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
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
