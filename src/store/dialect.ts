/**
 * Which SQL engine a Kysely instance (or one of its transactions) talks to, for the few places where SQLite and
 * PostgreSQL must differ: column types in migrations and row locks (`FOR UPDATE SKIP LOCKED`) in claims.
 * Read from the adapter Kysely itself chose, so a transaction answers like its parent and no flag is threaded
 * through every constructor.
 */
import { type Kysely, PostgresAdapter } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: any table map; only the executor's adapter is read.
export function dialectOf(db: Kysely<any>): StoreDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** `postgres://` or `postgresql://`, the two schemes libpq and pg accept. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

/** The URL with its password (if any) replaced, for messages. Unparseable input is not echoed at all. */
export function redactUrl(location: string): string {
  try {
    const u = new URL(location);
    if (u.password) u.password = 'REDACTED';
    return u.toString();
  } catch {
    return '(an unparseable PostgreSQL URL)';
  }
}
