/**
 * The store, through Kysely, migrated on open: one SQLite file under WHIP_DATA_DIR by default (better-sqlite3
 * dialect), or a shared PostgreSQL database when DATABASE_URL is set (several instances, one database).
 * Queries go through Kysely's builder so the same code runs on both; the few differences live behind the
 * store's modules (src/store/dialect.ts, the migrations' portable types, row locks in claims).
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, type Driver, Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from 'kysely';
import { isPostgresUrl, redactUrl } from './dialect.js';
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

export interface OpenOptions {
  /** Errors of idle PostgreSQL connections (logged by the caller; they must not crash the process). */
  onIdleError?: (e: Error) => void;
}

/**
 * Open the store and bring its schema up to date. `location` is a SQLite file path, or a `postgres://` URL.
 * Several processes may open one PostgreSQL database at once: Kysely's migrator takes an advisory lock.
 */
export async function openDatabase(location: string, opts: OpenOptions = {}): Promise<Db> {
  if (isPostgresUrl(location)) return migrate(await openPostgres(location, opts), redactUrl(location));
  const path = resolve(location);
  return migrate(openSqlite(path), path);
}

function openSqlite(path: string): Db {
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
  sqliteHandles.set(db, sqlite);
  return db;
}

/** The better-sqlite3 connection under each SQLite store, for the few synchronous readers (ftsRetriever.ts). */
const sqliteHandles = new WeakMap<Db, Database.Database>();

/**
 * The store's own SQLite connection (undefined on PostgreSQL). Synchronous reads on it see what this process
 * committed; Kysely runs one query at a time on it, and a synchronous read never interleaves with one.
 */
export function sqliteHandleOf(db: Db): Database.Database | undefined {
  const handle = sqliteHandles.get(db);
  return handle?.open ? handle : undefined;
}

/** pg is loaded only when a PostgreSQL URL is given: SQLite users (and one-shot commands) never pay for it. */
async function openPostgres(url: string, opts: OpenOptions): Promise<Db> {
  const { postgresDialect } = await import('./postgres.js');
  return new Kysely<Schema>({ dialect: postgresDialect(url, { onIdleError: opts.onIdleError }) });
}

async function migrate(db: Db, shown: string): Promise<Db> {
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    outcome = await new Migrator({ db, provider }).migrateToLatest();
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw new StoreError(`cannot open the store at ${shown}: ${(e as Error).message}`);
  }
  const { error, results } = outcome;
  if (error) {
    await db.destroy().catch(() => undefined);
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `store migration ${failed} failed` : `cannot open the store at ${shown}`;
    throw new StoreError(`${what}: ${(error as Error).message ?? String(error)}`);
  }
  return db;
}

export function storeFile(dataDir: string): string {
  return resolve(dataDir, 'whip.sqlite');
}

/** Where the configured store lives: DATABASE_URL when set, else the SQLite file under WHIP_DATA_DIR. */
export function storeLocation(config: { WHIP_DATA_DIR: string; DATABASE_URL?: string | undefined }): string {
  return config.DATABASE_URL ?? storeFile(config.WHIP_DATA_DIR);
}

/** Whether the database answers (readiness probes). */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
