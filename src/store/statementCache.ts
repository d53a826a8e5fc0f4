/**
 * better-sqlite3 as Kysely's SqliteDatabase, with prepared statements reused by their SQL text. Kysely prepares
 * every query afresh, and preparing costs more than running a small insert (the question log writes one row per
 * question asked). Kysely serialises queries on its one connection, so a cached statement is never in use twice.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export interface CachingDatabase extends SqliteDatabase {
  /** Statements currently cached (tests). */
  readonly cachedStatements: number;
}

export function withStatementCache(db: Database.Database, max = 256): CachingDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    get cachedStatements() {
      return cache.size;
    },
    close() {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        // Most recently used last, so the first key is the one to evict.
        cache.delete(sql);
        cache.set(sql, stmt);
        return stmt;
      }
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > max) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return stmt;
    },
  };
}
