/**
 * Column types that must be spelled differently on SQLite and PostgreSQL. On SQLite each helper yields exactly
 * what the released migrations always created (so existing stores and their checksums-by-name are unchanged);
 * on PostgreSQL it yields the type with the same meaning there.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * An auto-incrementing integer primary key: SQLite's `integer primary key autoincrement`, PostgreSQL's
 * `serial primary key` (PostgreSQL has no AUTOINCREMENT keyword).
 */
export function autoId(db: Kysely<unknown>) {
  const pg = dialectOf(db) === 'postgres';
  return [
    pg ? ('serial' as const) : ('integer' as const),
    (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()),
  ] as const;
}

/**
 * A 64-bit float: SQLite's `real` is 8 bytes, PostgreSQL's `real` only 4 (0.7 would read back as 0.699999988),
 * so PostgreSQL gets `double precision`.
 */
export function float64(db: Kysely<unknown>) {
  return dialectOf(db) === 'postgres' ? ('double precision' as const) : ('real' as const);
}
