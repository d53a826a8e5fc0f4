/**
 * The test PostgreSQL helper survives the race its free-port choice leaves open: a port taken between the
 * choice and PostgreSQL's bind (CI met it once) is retried on another port, not a failed test file.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/postgres.js';
import { type PostgresServer, startPostgres } from './postgres.js';

describe('startPostgres', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('starts on another port when the chosen one is taken before PostgreSQL binds it', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const taken = (squatter.address() as { port: number }).port;
    const offered: number[] = [];
    const server: PostgresServer = await startPostgres(async () => {
      const port = offered.length === 0 ? taken : await freePort();
      offered.push(port);
      return port;
    });
    cleanups.push(() => server.stop());
    expect(offered[0]).toBe(taken);
    expect(offered).toHaveLength(2);
    expect(server.port).toBe(offered[1]);
    const url = await server.createDatabase({ empty: true });
    expect(url).toContain(`:${server.port}/`);
  }, 90_000);
});
