/**
 * The ops server: /metrics after a question (the real dispatcher and Prometheus registry), /readyz failing when
 * the real PostgreSQL server is stopped, and the real bot (`whip start` on the fake Discord, on PostgreSQL)
 * serving /healthz and /metrics and exiting cleanly on SIGTERM. Loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { DigestStore } from '../../src/digest/store.js';
import { type RunningOps, startOps } from '../../src/ops/index.js';
import { testEnv } from '../digest/helpers.js';
import { FakeDiscord } from '../fakes/discordFake.js';
import { startPostgres, usePostgres } from '../support/postgres.js';
import { stopProcess } from '../support/process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/whip.js');
const freshPostgres = usePostgres();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function get(port: number, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

/** The value of the first sample of `name` whose labels include `labels` (label order is not fixed). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
}

describe('ops server in process', () => {
  it('is off without WHIP_OPS_PORT', async () => {
    const env = await testEnv();
    cleanups.push(() => env.cleanup());
    expect(await startOps(env.services)).toBeUndefined();
    expect(env.services.metrics).toBeUndefined();
  });

  it('/metrics counts a question by platform and status, with its latency; /healthz answers', async () => {
    const env = await testEnv({ env: { WHIP_OPS_PORT: '0', WHIP_INSTANCE_ID: 'whip-test-1' } });
    cleanups.push(() => env.cleanup());
    const ops = (await startOps(env.services)) as RunningOps;
    cleanups.push(() => ops.stop());
    const reply = await dispatch(
      env.services.commands,
      { command: 'ask', args: { question: 'who is DPM?' } },
      env.ctx({ platform: 'slack' }),
    );
    expect(reply.kind).toBe('answer');
    const { status, text } = await get(ops.server.port, '/metrics');
    expect(status).toBe(200);
    expect(
      sample(text, 'whip_questions_total', { platform: 'slack', status: 'answered', instance_id: 'whip-test-1' }),
    ).toBe(1);
    expect(sample(text, 'whip_answer_duration_seconds_count', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'whip_instance_info', { instance: 'whip-test-1', shards: 'none', store: 'sqlite' })).toBe(1);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('whip_digest_deliveries_total');
    expect(text).toContain('whip_feed_fetches_total');
    expect((await get(ops.server.port, '/healthz')).status).toBe(200);
    expect((await get(ops.server.port, '/nope')).status).toBe(404);
  });

  it('a digest posted by the scheduler is counted', async () => {
    const env = await testEnv({ env: { WHIP_OPS_PORT: '0' }, start: '2026-01-05T07:59:00Z' });
    cleanups.push(() => env.cleanup());
    const ops = (await startOps(env.services)) as RunningOps;
    cleanups.push(() => ops.stop());
    await new DigestStore(env.db).subscribe(
      {
        platform: 'discord',
        workspaceId: 'g',
        channelId: 'c1',
        schedule: 'daily 08:00',
        cron: '0 8 * * *',
        timezone: 'UTC',
        whenEmpty: 'note',
        createdBy: 'u',
        nextRunAt: '2026-01-05T08:00:00.000Z',
      },
      env.clock.now(),
    );
    env.clock.set('2026-01-05T08:00:01Z');
    await env.scheduler().runOnce();
    expect(env.poster.posts).toHaveLength(1);
    const { text } = await get(ops.server.port, '/metrics');
    expect(sample(text, 'whip_digest_deliveries_total', { platform: 'discord', outcome: 'sent' })).toBe(1);
  });

  it('/readyz: 503 until the adapters are in, 200 with the database up, 503 once the PostgreSQL server is gone', async () => {
    const server = await startPostgres();
    cleanups.push(() => server.stop());
    const env = await testEnv({ env: { WHIP_OPS_PORT: '0' }, location: await server.createDatabase() });
    cleanups.push(() => env.cleanup());
    const ops = (await startOps(env.services)) as RunningOps;
    cleanups.push(() => ops.stop());
    expect(await get(ops.server.port, '/readyz')).toEqual({ status: 503, text: 'not ready: adapters\n' });
    ops.setAdaptersReady(true);
    expect(await get(ops.server.port, '/readyz')).toEqual({ status: 200, text: 'ready\n' });
    await server.stop();
    expect(await get(ops.server.port, '/readyz')).toEqual({ status: 503, text: 'not ready: database\n' });
    // Alive all the same: a liveness probe must not restart an instance because its database is down.
    expect((await get(ops.server.port, '/healthz')).status).toBe(200);
  }, 90_000); // Starts (initdb) and stops its own PostgreSQL server.
});

describe('whip start with WHIP_OPS_PORT on PostgreSQL (the real bot on the fake Discord)', () => {
  let bot: ChildProcess | undefined;
  afterAll(async () => {
    if (bot) await stopProcess(bot);
  });

  it('serves /healthz, /readyz and /metrics with its identity, then drains and exits 0 on SIGTERM', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'whip-ops-'));
    dirs.push(dataDir);
    const port = await freePort();
    let stderr = '';
    bot = spawn(process.execPath, [BIN, 'start'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_BASE: fake.apiBase,
        WHIP_DATA_DIR: dataDir,
        DATABASE_URL: await freshPostgres(),
        WHIP_FEEDBACK_SECRET: 'ops-test-feedback-secret-0123456789',
        WHIP_OPS_PORT: String(port),
        WHIP_INSTANCE_ID: 'whip-e2e-a',
        LOG_LEVEL: 'info',
        ...(process.env.WHIP_KB_DIR ? { WHIP_KB_DIR: process.env.WHIP_KB_DIR } : {}),
      },
    });
    bot.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((done) => bot?.once('exit', (code) => done(code)));
    // Ready once logged in to the (fake) gateway and the database answers.
    for (;;) {
      if (bot.exitCode !== null) throw new Error(`whip start exited early:\n${stderr}`);
      const r = await get(port, '/readyz').catch(() => undefined);
      if (r?.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await get(port, '/healthz')).status).toBe(200);
    const { text } = await get(port, '/metrics');
    expect(sample(text, 'whip_instance_info', { instance: 'whip-e2e-a', shards: 'all', store: 'postgres' })).toBe(1);
    expect(sample(text, 'whip_kb_size', { kind: 'articles' })).toBeGreaterThan(0);
    expect(stderr).not.toContain('whip-test-only'); // the test database's password is never logged
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('shutting down');
    bot = undefined;
  }, 120_000); // A real bot loading the bundled KB: tens of seconds on a busy CI machine.
});
