/**
 * The PostgreSQL side of the store: a pg.Pool behind Kysely's PostgresDialect, selected by DATABASE_URL.
 * Results are made to read like SQLite's (64-bit counts as numbers), and the URL's password never appears in
 * an error or a log line.
 */
import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** Connections per process: claims and the question log are short queries; ten is pg's own default. */
const POOL_MAX = 10;
/**
 * How long to wait for a connection before failing the query (and /readyz): long enough for a busy server,
 * short enough that a dead database is reported well inside a readiness probe's period.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/** An idle connection is closed after this, so a quiet instance does not hold server slots for nothing. */
const IDLE_TIMEOUT_MS = 30_000;
/** PostgreSQL's type oid for int8 (bigint): count(*) and sums come back as int8. */
const INT8_OID = 20;

export interface PostgresStoreOptions {
  /** Called with errors of idle pooled connections (a server restart), which would otherwise crash Node. */
  onIdleError?: (e: Error) => void;
  max?: number;
}

export function createPostgresPool(url: string, opts: PostgresStoreOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? POOL_MAX,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    types: {
      // Counts fit in a double long before they matter; SQLite returns them as numbers too.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (e) => opts.onIdleError?.(e));
  return pool;
}

export function postgresDialect(url: string, opts: PostgresStoreOptions = {}): PostgresDialect {
  return new PostgresDialect({ pool: createPostgresPool(url, opts) });
}
