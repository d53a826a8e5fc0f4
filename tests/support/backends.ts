/**
 * The store backends every store test runs against: a temp SQLite file and a fresh database on a real
 * PostgreSQL server (tests/support/postgres.ts). Use with `describe.each(storeBackends())`; call it at the top
 * level of a test file, since it registers the file's afterAll that stops the PostgreSQL server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';
import { usePostgres } from './postgres.js';

export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new store location: a SQLite file path or a postgres:// URL (`empty`: not even migrated). */
  location(opts?: { empty?: boolean }): Promise<string>;
  /** A new empty store, migrated. */
  open(): Promise<Db>;
}

export function storeBackends(): StoreBackend[] {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const freshPostgres = usePostgres();
  const sqlite: StoreBackend = {
    name: 'SQLite',
    async location() {
      const d = mkdtempSync(join(tmpdir(), 'whip-store-'));
      dirs.push(d);
      return join(d, 'whip.sqlite');
    },
    async open() {
      return openDatabase(await this.location());
    },
  };
  const postgres: StoreBackend = {
    name: 'PostgreSQL',
    location: freshPostgres,
    async open() {
      return openDatabase(await freshPostgres());
    },
  };
  return [sqlite, postgres];
}
